import {
  Anchor,
  Box,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { apiFieldError } from '../../lib/formErrors'
import { errorMessage } from '../../lib/http'
import {
  confirmPhoneVerification,
  notificationQueryKeys,
  OPTIONAL_KIND_LABELS,
  startPhoneVerification,
  updatePreferences,
  usePreferences,
  type OptionalKind,
  type PreferenceChanges,
  type Preferences,
} from '../../lib/notificationsApi'

const OPTIONAL_KINDS = Object.keys(OPTIONAL_KIND_LABELS) as OptionalKind[]

/** The API answers times as HH:MM:SS; a time input shows HH:MM. */
const toTimeInput = (time: string | null | undefined) => (time ? time.slice(0, 5) : '')

const firstFieldError = (error: unknown, field: string) => apiFieldError(error, field) ?? null

/** Saves some preferences; the page shows the API's answer, so every section agrees with it. */
function usePreferencesUpdate({ onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (changes: PreferenceChanges) => updatePreferences(changes),
    onSuccess: (updated) => {
      queryClient.setQueryData(notificationQueryKeys.preferences, updated)
      onSuccess?.()
    },
  })
}

export function NotificationSettingsPage() {
  const preferences = usePreferences()

  return (
    <Box maw={680}>
      <PageTitle>Notification settings</PageTitle>
      <Anchor component={Link} to={paths.notifications} mb="md" display="inline-block">
        Back to notifications
      </Anchor>
      <QueryState query={preferences} loading="Loading your settings…" failed="We couldn’t load your settings" />
      {preferences.data && (
        <Stack gap="lg">
          <EmailSetting preferences={preferences.data} />
          <TextMessages preferences={preferences.data} />
          <PreferencesForm preferences={preferences.data} />
        </Stack>
      )}
    </Box>
  )
}

function PreferencesForm({ preferences }: { preferences: Preferences }) {
  const [useQuietHours, setUseQuietHours] = useState(Boolean(preferences.quiet_hours_start))
  const [quietStart, setQuietStart] = useState(toTimeInput(preferences.quiet_hours_start) || '21:00')
  const [quietEnd, setQuietEnd] = useState(toTimeInput(preferences.quiet_hours_end) || '08:00')
  const [unsubscribed, setUnsubscribed] = useState<OptionalKind[]>(preferences.unsubscribed_kinds ?? [])
  const [quietError, setQuietError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)

  const save = usePreferencesUpdate({ onSuccess: () => setSaved(true) })

  function submit(event: FormEvent) {
    event.preventDefault()
    if (useQuietHours && (!quietStart || !quietEnd)) {
      setQuietError('Give both the start and the end of your quiet hours.')
      return
    }
    setQuietError(null)
    setSaved(false)
    save.mutate({
      quiet_hours_start: useQuietHours ? quietStart : null,
      quiet_hours_end: useQuietHours ? quietEnd : null,
      unsubscribed_kinds: unsubscribed,
    })
  }

  const toggleKind = (kind: OptionalKind, wanted: boolean) =>
    setUnsubscribed((current) => (wanted ? current.filter((item) => item !== kind) : [...current, kind]))

  const quietFieldError =
    quietError ?? firstFieldError(save.error, 'quiet_hours_end') ?? firstFieldError(save.error, 'quiet_hours_start')

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="lg">
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="quiet-settings">
          <Title order={2} size="h4" id="quiet-settings" mb="sm">
            Quiet hours
          </Title>
          <Stack gap="sm">
            <div>
              <Checkbox
                label="Hold non-urgent messages during quiet hours"
                aria-describedby="quiet-hint"
                checked={useQuietHours}
                onChange={(event) => setUseQuietHours(event.currentTarget.checked)}
              />
              <Hint id="quiet-hint">They arrive when your quiet hours end, in the time zone set in your details.</Hint>
            </div>
            {useQuietHours && (
              <SimpleGrid cols={{ base: 2 }} spacing="sm" maw={360}>
                <TextInput
                  type="time"
                  label="From"
                  value={quietStart}
                  onChange={(event) => setQuietStart(event.currentTarget.value)}
                  error={quietFieldError ? true : undefined}
                />
                <TextInput
                  type="time"
                  label="Until"
                  value={quietEnd}
                  onChange={(event) => setQuietEnd(event.currentTarget.value)}
                  error={quietFieldError}
                />
              </SimpleGrid>
            )}
          </Stack>
        </Paper>

        <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="kind-settings">
          <Title order={2} size="h4" id="kind-settings" mb="xs">
            Which messages you get
          </Title>
          <Text size="sm" mb="sm">
            Messages about appointments you have booked, video visit links and your safety are always sent.
          </Text>
          <Stack gap="sm">
            {OPTIONAL_KINDS.map((kind) => (
              <div key={kind}>
                <Checkbox
                  label={OPTIONAL_KIND_LABELS[kind].label}
                  aria-describedby={`kind-${kind}-hint`}
                  checked={!unsubscribed.includes(kind)}
                  onChange={(event) => toggleKind(kind, event.currentTarget.checked)}
                />
                <Hint id={`kind-${kind}-hint`}>{OPTIONAL_KIND_LABELS[kind].description}</Hint>
              </div>
            ))}
          </Stack>
        </Paper>

        <ErrorAlert title="Your settings were not saved" message={save.error ? errorMessage(save.error) : null} />
        {saved && <Text role="status">Your settings have been saved.</Text>}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/**
 * The explanation under a switch or checkbox. Mantine puts a `description` inside the label, which makes
 * screen readers read it as part of the name; a separate hint is read after it, as a description.
 */
function Hint({ id, children, indent = 32 }: { id: string; children: string; indent?: number }) {
  return (
    <Text id={id} size="sm" c="dimmed" pl={indent} mt={2}>
      {children}
    </Text>
  )
}

/** A switch takes effect at once, so this one saves when it is flipped. */
function EmailSetting({ preferences }: { preferences: Preferences }) {
  const toggle = usePreferencesUpdate()
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="email-settings">
      <Title order={2} size="h4" id="email-settings" mb="sm">
        E-mail
      </Title>
      <Switch
        label="Send me reminders and updates by e-mail"
        aria-describedby="email-hint"
        checked={preferences.email_enabled ?? true}
        disabled={toggle.isPending}
        onChange={(event) => toggle.mutate({ email_enabled: event.currentTarget.checked })}
        error={toggle.error ? errorMessage(toggle.error) : null}
      />
      <Hint id="email-hint" indent={50}>
        Messages about appointments you have booked are always e-mailed.
      </Hint>
    </Paper>
  )
}

/** Text messages need a confirmed mobile number: a code is texted to it and typed back here. */
function TextMessages({ preferences }: { preferences: Preferences }) {
  const [changingNumber, setChangingNumber] = useState(false)
  const verified = preferences.sms_verified && preferences.sms_number !== ''
  const toggle = usePreferencesUpdate()

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="sms-settings">
      <Title order={2} size="h4" id="sms-settings" mb="sm">
        Text messages
      </Title>
      {verified && !changingNumber ? (
        <Stack gap="sm" align="flex-start">
          <Text>Texts go to {preferences.sms_number}.</Text>
          <Switch
            label="Send me text messages"
            checked={preferences.sms_enabled ?? false}
            disabled={toggle.isPending}
            onChange={(event) => toggle.mutate({ sms_enabled: event.currentTarget.checked })}
            error={toggle.error ? errorMessage(toggle.error) : null}
          />
          <Button variant="subtle" px={0} onClick={() => setChangingNumber(true)}>
            Use a different number
          </Button>
        </Stack>
      ) : (
        <PhoneVerification onDone={() => setChangingNumber(false)} />
      )}
    </Paper>
  )
}

function PhoneVerification({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient()
  const [number, setNumber] = useState('')
  const [code, setCode] = useState('')
  const [sentTo, setSentTo] = useState<string | null>(null)

  const sendCode = useMutation({
    mutationFn: (to: string) => startPhoneVerification(to),
    onSuccess: () => {
      setSentTo(number.trim())
      setCode('')
    },
  })
  const confirm = useMutation({
    mutationFn: (typed: string) => confirmPhoneVerification(typed),
    onSuccess: (updated) => {
      queryClient.setQueryData(notificationQueryKeys.preferences, updated)
      onDone()
    },
  })

  if (sentTo === null) {
    return (
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          sendCode.mutate(number.replace(/[\s().-]/g, ''))
        }}
      >
        <Stack gap="sm" align="flex-start">
          <Text>To get texts, add your mobile number. We’ll text it a code to make sure it’s yours.</Text>
          <TextInput
            label="Mobile number"
            description="Include the country code, for example +1 212 555 0100."
            type="tel"
            autoComplete="tel"
            value={number}
            onChange={(event) => setNumber(event.currentTarget.value)}
            error={firstFieldError(sendCode.error, 'number')}
            maw={320}
          />
          <ErrorAlert
            message={sendCode.error && !firstFieldError(sendCode.error, 'number') ? errorMessage(sendCode.error) : null}
          />
          <Button type="submit" variant="light" loading={sendCode.isPending}>
            Text me a code
          </Button>
        </Stack>
      </form>
    )
  }

  const codeFieldError = firstFieldError(confirm.error, 'code')
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        confirm.mutate(code.trim())
      }}
    >
      <Stack gap="sm" align="flex-start">
        <Text role="status">We texted a 6-digit code to {sentTo}. It works for 10 minutes.</Text>
        <TextInput
          label="6-digit code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          error={codeFieldError}
          maw={200}
        />
        <ErrorAlert message={confirm.error && !codeFieldError ? errorMessage(confirm.error) : null} />
        <Group gap="sm">
          <Button type="submit" loading={confirm.isPending}>
            Confirm my number
          </Button>
          <Button variant="subtle" onClick={() => setSentTo(null)}>
            Send a new code
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
