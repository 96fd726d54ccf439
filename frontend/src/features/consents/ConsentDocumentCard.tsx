import { Anchor, Badge, Box, Button, Collapse, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useRef, useState, type FormEvent, type Ref } from 'react'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { ErrorAlert } from '../../components/ErrorAlert'
import { careQueryKeys, signConsent, type ConsentDocument } from '../../lib/careApi'
import { formatIsoDate } from '../../lib/format'
import { ApiError, errorMessage } from '../../lib/http'
import { HashingUnavailableError, sha256Hex } from '../../lib/sha256'

interface ConsentDocumentCardProps {
  clinic: string
  consent: ConsentDocument
  /** From the profile: the name a signature must match. Empty when the profile has none yet. */
  legalName: string
}

/** What to tell the person when a signature is refused, and whether the documents must be reloaded. */
function explainRefusal(error: unknown): { message: string; reload: boolean; nameError?: string } {
  if (error instanceof HashingUnavailableError) {
    return { message: error.message, reload: false }
  }
  if (!(error instanceof ApiError)) {
    return { message: errorMessage(error), reload: false }
  }
  switch (error.code) {
    case 'consent_version_outdated':
      return {
        message:
          'A newer version of this document has just been published. We have loaded it: please read it and sign again.',
        reload: true,
      }
    case 'consent_text_mismatch':
      return {
        message:
          'This document changed while you were reading it. We have loaded it again: please read it and sign again.',
        reload: true,
      }
    case 'consent_already_signed':
      return { message: error.message, reload: true }
    case 'signature_name_mismatch':
      return { message: error.message, reload: false, nameError: error.fields.typed_name?.join(' ') ?? error.message }
    default:
      return { message: error.message, reload: false, nameError: error.fields.typed_name?.join(' ') }
  }
}

const headingId = (consent: ConsentDocument) => `consent-${consent.id}-heading`

export function ConsentDocumentCard({ clinic, consent, legalName }: ConsentDocumentCardProps) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={headingId(consent)}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={2} size="h4" id={headingId(consent)} tabIndex={-1} style={{ outline: 'none' }}>
            {consent.title}
          </Title>
          <StatusBadge consent={consent} />
        </Group>
        <Text size="sm" c="dimmed">
          Version {consent.version}, published {formatIsoDate(consent.published_at)}
        </Text>
        {consent.needs_signature ? (
          <SigningForm clinic={clinic} consent={consent} legalName={legalName} />
        ) : (
          <SignedDocument consent={consent} />
        )}
      </Stack>
    </Paper>
  )
}

function StatusBadge({ consent }: { consent: ConsentDocument }) {
  if (!consent.needs_signature) {
    return (
      <Badge variant="light" color="evergreen">
        Signed
      </Badge>
    )
  }
  return (
    <Badge variant="light" color={consent.earlier_version_signed ? 'blue' : 'gray'}>
      {consent.earlier_version_signed ? 'Updated: please sign again' : 'To sign'}
    </Badge>
  )
}

function SignedDocument({ consent }: { consent: ConsentDocument }) {
  const [open, setOpen] = useState(false)
  const bodyId = `consent-${consent.id}-body`
  return (
    <Stack gap="xs" align="flex-start">
      {consent.signed_at && <Text>You signed this version on {formatIsoDate(consent.signed_at)}.</Text>}
      <Button variant="subtle" px={0} onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={bodyId}>
        {open ? 'Hide the document' : 'Read what you signed'}
      </Button>
      <Collapse expanded={open} id={bodyId}>
        <DocumentText body={consent.body} label={consent.title} />
      </Collapse>
    </Stack>
  )
}

function DocumentText({ body, label, textRef }: { body: string; label: string; textRef?: Ref<HTMLDivElement> }) {
  return (
    <Box
      ref={textRef}
      role="region"
      aria-label={`Text of ${label}`}
      tabIndex={0}
      mah={360}
      p="sm"
      bg="gray.0"
      style={{
        overflowY: 'auto',
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-sm)',
      }}
    >
      {body}
    </Box>
  )
}

function SigningForm({ clinic, consent, legalName }: ConsentDocumentCardProps) {
  const queryClient = useQueryClient()
  const shownText = useRef<HTMLDivElement>(null)
  const nameInput = useRef<HTMLInputElement>(null)
  const [typedName, setTypedName] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const sign = useMutation({
    mutationFn: async (name: string) => {
      // The hash of exactly the text on screen: the server refuses it if that is not the version on file.
      const sha256 = await sha256Hex(shownText.current?.textContent ?? consent.body)
      return signConsent(consent.id, { typed_name: name, sha256 })
    },
    onMutate: () => {
      setProblem(null)
      setNameError(null)
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: careQueryKeys.consents(clinic) })
      // The form is gone once signed; the heading keeps the person's place.
      document.getElementById(headingId(consent))?.focus()
    },
    onError: (error) => {
      const refusal = explainRefusal(error)
      if (refusal.nameError) {
        // Said once, under the name, where focus goes.
        setNameError(refusal.nameError)
        nameInput.current?.focus()
      } else {
        setProblem(refusal.message)
      }
      if (refusal.reload) {
        void queryClient.invalidateQueries({ queryKey: careQueryKeys.consents(clinic) })
      }
    },
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!typedName.trim()) {
      setNameError('Type your full legal name to sign.')
      nameInput.current?.focus()
      return
    }
    sign.mutate(typedName.trim())
  }

  const legalNameMissing = hasErrorCode(sign.error, 'legal_name_required')

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        {consent.earlier_version_signed && (
          <Text>
            You signed an earlier version of this consent. This version is new: please read it and sign again.
          </Text>
        )}
        <DocumentText body={consent.body} label={consent.title} textRef={shownText} />
        <TextInput
          ref={nameInput}
          label="Type your full legal name to sign"
          description={
            legalName
              ? `As it appears in your details: ${legalName}.`
              : 'Add your legal name to your details first; your signature must match it.'
          }
          autoComplete="name"
          value={typedName}
          onChange={(event) => setTypedName(event.currentTarget.value)}
          error={nameError}
          maw={420}
        />
        <ErrorAlert title="This document was not signed" message={problem} />
        {legalNameMissing && (
          <Anchor component={Link} to={paths.profile}>
            Add your legal name to your details
          </Anchor>
        )}
        <Group>
          <Button type="submit" loading={sign.isPending}>
            Sign “{consent.title}”
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Typing your name and pressing the button is your electronic signature. We record the exact version you signed,
          and when.
        </Text>
      </Stack>
    </form>
  )
}

function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof ApiError && error.code === code
}
