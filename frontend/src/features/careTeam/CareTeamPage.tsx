import {
  Badge,
  Box,
  Button,
  Checkbox,
  Collapse,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState, type Ref } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { formatIsoDate, formatIsoDateTime } from '../../lib/format'
import { apiFieldErrors } from '../../lib/formErrors'
import { ApiError, errorMessage } from '../../lib/http'
import { sha256Hex } from '../../lib/sha256'
import { formatCalendarDate } from '../../lib/time'
import {
  careTeamApi,
  careTeamKeys,
  LINK_STATE_LABELS,
  SECTION_LABELS,
  type ConsentWording,
  type OutsideCare,
  type OutsideProvider,
  type SharedSummary,
  type ShareSection,
  type SharingConsent,
} from './careTeamApi'

const SECTIONS = Object.keys(SECTION_LABELS) as ShareSection[]
const longDate = (date: string) => formatCalendarDate(date, { weekday: undefined, year: 'numeric' })

export function CareTeamPage() {
  const overview = useQuery({ queryKey: careTeamKeys.overview, queryFn: careTeamApi.overview })
  return (
    <Box maw={760}>
      <PageTitle>Your outside care team</PageTitle>
      <Text mb="lg">
        If a psychiatrist, therapist or doctor outside the clinic cares for you, you can let the clinic send them a
        progress summary. You choose what it contains and until when, and you can stop sharing at any time.
      </Text>
      <QueryState query={overview} loading="Loading your care team…" failed="We couldn’t load your care team" />
      {overview.data && (
        <Stack gap="lg">
          <ProviderSection provider={overview.data.provider} />
          {overview.data.provider && <ConsentSection overview={overview.data} />}
          <SharedSection summaries={overview.data.summaries} />
        </Stack>
      )}
    </Box>
  )
}

// --- The provider --------------------------------------------------------------------------------------

type ProviderValues = { name: string; practice: string; email: string; fax: string }
const PROVIDER_FIELDS: (keyof ProviderValues)[] = ['name', 'practice', 'email', 'fax']

function ProviderSection({ provider }: { provider: OutsideProvider | null }) {
  const queryClient = useQueryClient()
  const [saved, setSaved] = useState(false)
  const form = useForm<ProviderValues>({
    initialValues: {
      name: provider?.name ?? '',
      practice: provider?.practice ?? '',
      email: provider?.email ?? '',
      fax: provider?.fax ?? '',
    },
  })
  const save = useMutation({
    mutationFn: (values: ProviderValues) =>
      careTeamApi.saveProvider({ ...values, name: values.name.trim(), practice: values.practice.trim() }),
    onMutate: () => setSaved(false),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: careTeamKeys.overview })
      setSaved(true)
    },
    onError: (error) => {
      const errors = apiFieldErrors(error, { keep: (name) => PROVIDER_FIELDS.includes(name as keyof ProviderValues) })
      form.setErrors(errors)
      const first = PROVIDER_FIELDS.find((name) => name in errors)
      if (first) form.getInputNode(first)?.focus()
    },
  })
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="provider-heading">
      <Title order={2} size="h3" id="provider-heading" mb="sm">
        Your outside provider
      </Title>
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="sm">
          <TextInput label="Their name" required autoComplete="off" {...form.getInputProps('name')} />
          <TextInput label="Practice or organization" required autoComplete="off" {...form.getInputProps('practice')} />
          <TextInput label="Their e-mail" type="email" required autoComplete="off" {...form.getInputProps('email')} />
          <TextInput
            label="Their fax (optional)"
            type="tel"
            autoComplete="off"
            description="For your records; summaries are sent by e-mail."
            {...form.getInputProps('fax')}
          />
          <ErrorAlert
            title="Your provider was not saved"
            message={
              save.error && !(save.error instanceof ApiError && save.error.code === 'invalid')
                ? errorMessage(save.error)
                : null
            }
          />
          {saved && <Text role="status">Your provider’s details have been saved.</Text>}
          {provider && (
            <Text size="sm" c="dimmed">
              Changing these details ends the consent you gave for the old ones, and links already sent stop working.
              Give your consent again to share with the new details.
            </Text>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {provider ? 'Save changes' : 'Save provider'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  )
}

// --- The consent ---------------------------------------------------------------------------------------

function consentStatus(consent: SharingConsent | null): string {
  if (!consent) return 'You have not given consent to share yet.'
  if (consent.revoked_at)
    return `You revoked your consent on ${formatIsoDate(consent.revoked_at)}. Nothing more is shared.`
  if (!consent.is_live) return `Your consent ended after ${longDate(consent.valid_until)}. Nothing more is shared.`
  return `You allow the clinic to share with ${consent.provider_name} (${consent.provider_practice}) until the end of ${longDate(consent.valid_until)}.`
}

function ConsentSection({ overview }: { overview: OutsideCare }) {
  const consent = overview.consent
  const [changing, setChanging] = useState(false)
  const [revoking, setRevoking] = useState(false)
  const live = Boolean(consent?.is_live)
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="consent-heading">
      <Group justify="space-between" align="flex-start" mb="sm">
        <Title order={2} size="h3" id="consent-heading">
          Consent to share
        </Title>
        <Badge variant="light" color={live ? 'evergreen' : 'gray'}>
          {live ? 'Sharing allowed' : 'Not sharing'}
        </Badge>
      </Group>
      <Stack gap="sm">
        <Text role="status">{consentStatus(consent)}</Text>
        {consent && live && (
          <>
            <Text size="sm">What may be shared:</Text>
            <Box component="ul" m={0}>
              {consent.sections.map((section) => (
                <li key={section}>
                  <Text size="sm">{SECTION_LABELS[section]}</Text>
                </li>
              ))}
            </Box>
            <WordingAgreed consent={consent} />
          </>
        )}
        {live && !changing ? (
          <Group>
            <Button variant="default" onClick={() => setChanging(true)}>
              Change what is shared
            </Button>
            <Button color="red.8" variant="outline" onClick={() => setRevoking(true)}>
              Stop sharing
            </Button>
          </Group>
        ) : (
          <ConsentForm
            overview={overview}
            onDone={() => setChanging(false)}
            onCancel={live ? () => setChanging(false) : undefined}
          />
        )}
      </Stack>
      {consent && <RevokeDialog consent={consent} opened={revoking} onClose={() => setRevoking(false)} />}
    </Paper>
  )
}

function WordingAgreed({ consent }: { consent: SharingConsent }) {
  const [open, setOpen] = useState(false)
  const bodyId = `consent-wording-${consent.id}`
  return (
    <Stack gap={4} align="flex-start">
      <Text size="sm" c="dimmed">
        Version {consent.version}, given on {formatIsoDateTime(consent.given_at)} and signed “{consent.typed_name}”.
      </Text>
      <Button variant="subtle" px={0} onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={bodyId}>
        {open ? 'Hide the wording' : 'Read the wording you agreed to'}
      </Button>
      <Collapse expanded={open} id={bodyId}>
        <WordingText text={consent.wording} />
      </Collapse>
    </Stack>
  )
}

function WordingText({ text, textRef }: { text: string; textRef?: Ref<HTMLDivElement> }) {
  return (
    <Box
      ref={textRef}
      role="region"
      aria-label="Wording of the consent"
      tabIndex={0}
      p="sm"
      bg="gray.0"
      style={{
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-sm)',
      }}
    >
      {text}
    </Box>
  )
}

function ConsentForm({
  overview,
  onDone,
  onCancel,
}: {
  overview: OutsideCare
  onDone: () => void
  onCancel?: () => void
}) {
  const queryClient = useQueryClient()
  const previous = overview.consent?.is_live ? overview.consent : null
  const [sections, setSections] = useState<ShareSection[]>(previous?.sections ?? [])
  const [validUntil, setValidUntil] = useState(previous?.valid_until ?? '')
  const [typedName, setTypedName] = useState('')
  const [wording, setWording] = useState<ConsentWording | null>(null)
  const shownText = useRef<HTMLDivElement>(null)

  const review = useMutation({
    mutationFn: () => careTeamApi.wording(sections, validUntil),
    onSuccess: setWording,
  })
  const give = useMutation({
    mutationFn: async () => {
      // The hash of exactly the text on screen: the server refuses it if it is not the wording for these choices.
      const sha256 = await sha256Hex(shownText.current?.textContent ?? wording!.text)
      return careTeamApi.give(sections, validUntil, typedName.trim(), sha256)
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: careTeamKeys.overview })
      onDone()
      document.getElementById('consent-heading')?.focus()
    },
  })
  const changeChoice = (update: () => void) => {
    update()
    setWording(null) // new choices, new wording: it must be read again
    give.reset()
  }
  const reviewError = review.error instanceof ApiError ? review.error.fields : {}
  const nameError = give.error instanceof ApiError ? give.error.fields.typed_name?.join(' ') : undefined

  return (
    <Stack gap="sm">
      <Checkbox.Group
        label="What may be shared"
        description="Choose at least one. The clinic’s contact details are always included."
        value={sections}
        onChange={(value) => changeChoice(() => setSections(value as ShareSection[]))}
        error={reviewError.sections?.join(' ')}
      >
        <Stack gap="xs" mt="xs">
          {SECTIONS.map((section) => (
            <Checkbox key={section} value={section} label={SECTION_LABELS[section]} />
          ))}
        </Stack>
      </Checkbox.Group>
      <TextInput
        label="Share until"
        description={`The last day sharing is allowed; at most until ${longDate(overview.latest_valid_until)}.`}
        type="date"
        max={overview.latest_valid_until}
        value={validUntil}
        onChange={(event) => {
          const value = event.currentTarget.value
          changeChoice(() => setValidUntil(value))
        }}
        error={reviewError.valid_until?.join(' ')}
        maw={260}
      />
      <ErrorAlert
        message={review.error && !reviewError.sections && !reviewError.valid_until ? errorMessage(review.error) : null}
      />
      {!wording && (
        <Group>
          <Button onClick={() => review.mutate()} loading={review.isPending}>
            Review the wording
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      )}
      {wording && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            give.mutate()
          }}
        >
          <Stack gap="sm">
            <Text fw={600}>Please read what you are agreeing to:</Text>
            <WordingText text={wording.text} textRef={shownText} />
            <TextInput
              label="Type your full legal name to agree"
              autoComplete="name"
              value={typedName}
              onChange={(event) => setTypedName(event.currentTarget.value)}
              error={nameError}
              required
            />
            <ErrorAlert message={give.error && !nameError ? errorMessage(give.error) : null} />
            <Group>
              <Button type="submit" loading={give.isPending}>
                Agree and give consent
              </Button>
              {onCancel && (
                <Button variant="default" onClick={onCancel}>
                  Cancel
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  )
}

function RevokeDialog({ consent, opened, onClose }: { consent: SharingConsent; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient()
  const revoke = useMutation({
    mutationFn: () => careTeamApi.revoke(consent.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: careTeamKeys.overview })
      onClose()
    },
  })
  return (
    <Modal opened={opened} onClose={onClose} title="Stop sharing?">
      <Stack gap="sm">
        <Text size="sm">
          The clinic will not send {consent.provider_name} anything more, and links already sent that have not been
          opened stop working at once. What was already opened cannot be called back.
        </Text>
        <ErrorAlert message={revoke.error ? errorMessage(revoke.error) : null} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Keep sharing
          </Button>
          <Button color="red.8" onClick={() => revoke.mutate()} loading={revoke.isPending}>
            Stop sharing
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

// --- What was shared -------------------------------------------------------------------------------------

function SharedSection({ summaries }: { summaries: SharedSummary[] }) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="shared-heading">
      <Title order={2} size="h3" id="shared-heading" mb="sm">
        What was shared
      </Title>
      {summaries.length === 0 ? (
        <Text>Nothing has been shared yet.</Text>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {summaries.map((summary) => (
            <li key={summary.id}>
              <SharedSummaryItem summary={summary} />
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  )
}

function SharedSummaryItem({ summary }: { summary: SharedSummary }) {
  return (
    <Paper withBorder p="sm" component="article" aria-label={`Summary of ${formatIsoDate(summary.created_at)}`}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <Text fw={600}>
          {formatIsoDate(summary.created_at)}: {summary.clinic_name} to {summary.shared_with}
        </Text>
        <Badge variant="outline" color={summary.link_state === 'downloaded' ? 'evergreen' : 'gray.8'} tt="none">
          {LINK_STATE_LABELS[summary.link_state]}
        </Badge>
      </Group>
      <Text size="sm">Contained: {summary.sections.map((section) => SECTION_LABELS[section]).join('; ')}.</Text>
      <Text size="sm">
        {summary.downloaded_at
          ? `Opened on ${formatIsoDateTime(summary.downloaded_at)}.`
          : summary.link_state === 'live'
            ? `The link works until ${formatIsoDateTime(summary.link_expires_at)}.`
            : summary.link_state === 'expired'
              ? `The link expired on ${formatIsoDateTime(summary.link_expires_at)} without being opened.`
              : 'The link was closed when your consent ended, before it was opened.'}
      </Text>
    </Paper>
  )
}
