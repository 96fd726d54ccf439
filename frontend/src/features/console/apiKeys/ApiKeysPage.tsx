import {
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useState } from 'react'
import { ErrorAlert } from '../../../components/ErrorAlert'
import { PageTitle } from '../../../components/PageTitle'
import { QueryState } from '../../../components/QueryState'
import { apiFieldError } from '../../../lib/formErrors'
import { errorMessage } from '../../../lib/http'
import { formatDateTime } from '../../../lib/time'
import { useConsoleClinic } from '../clinics'
import {
  keyState,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  type ApiKey,
  type ApiKeyScope,
  type NewApiKey,
} from './apiKeysApi'

type Scope = { scope: string; label: string }

const STATE_BADGE = {
  active: { label: 'Active', color: 'teal.9', variant: 'light' },
  expired: { label: 'Expired', color: 'gray.8', variant: 'outline' },
  revoked: { label: 'Revoked', color: 'red.9', variant: 'outline' },
} as const

export function ApiKeysPage() {
  const clinic = useConsoleClinic()
  const keys = useApiKeys(clinic.slug)
  const [creating, setCreating] = useState(false)
  const [made, setMade] = useState<NewApiKey | null>(null)
  const [revoking, setRevoking] = useState<ApiKey | null>(null)
  const scopes = keys.data?.scopes ?? []

  return (
    <>
      <PageTitle>API keys</PageTitle>
      <Stack gap="md">
        <Text size="sm">
          A key lets a system the clinic uses (an EHR, billing, analytics) read this clinic’s data through the FHIR API
          at <Code>/fhir/R4/</Code>, sent as <Code>Authorization: Bearer &lt;key&gt;</Code>. Give each system its own
          key with only what it needs, and revoke a key as soon as it is no longer used.
        </Text>
        <Group>
          <Button onClick={() => setCreating(true)} disabled={!keys.data}>
            New API key
          </Button>
        </Group>
        {made && <NewKeySecret made={made} onDone={() => setMade(null)} />}
        <QueryState query={keys} loading="Loading API keys…" failed="We couldn’t load the API keys" />
        {keys.data && keys.data.keys.length === 0 && <Text role="status">This clinic has no API keys yet.</Text>}
        {keys.data && keys.data.keys.length > 0 && (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {keys.data.keys.map((key) => (
              <li key={key.id}>
                <KeyCard apiKey={key} scopes={scopes} onRevoke={() => setRevoking(key)} />
              </li>
            ))}
          </Stack>
        )}
      </Stack>
      <Modal opened={creating} onClose={() => setCreating(false)} title="New API key">
        {creating && (
          <CreateKeyForm
            scopes={scopes}
            onClose={() => setCreating(false)}
            onMade={(key) => {
              setCreating(false)
              setMade(key)
            }}
          />
        )}
      </Modal>
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke the API key">
        {revoking && <RevokeForm apiKey={revoking} onClose={() => setRevoking(null)} />}
      </Modal>
    </>
  )
}

function KeyCard({ apiKey, scopes, onRevoke }: { apiKey: ApiKey; scopes: Scope[]; onRevoke: () => void }) {
  const clinic = useConsoleClinic()
  const state = keyState(apiKey)
  const badge = STATE_BADGE[state]
  const labelOf = (scope: string) => scopes.find((choice) => choice.scope === scope)?.label ?? scope
  const when = (instant: string) => formatDateTime(instant, clinic.timezone)
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`key-${apiKey.id}`}>
      <Stack gap={4} align="flex-start">
        <Group gap="sm" wrap="wrap">
          <Title order={2} size="h4" id={`key-${apiKey.id}`}>
            {apiKey.name}
          </Title>
          <Badge miw="max-content" color={badge.color} variant={badge.variant} radius="sm" tt="none">
            {badge.label}
          </Badge>
        </Group>
        <Text size="sm">
          Starts with <Code>{apiKey.prefix}</Code>
        </Text>
        <Text size="sm">May read: {apiKey.scopes.map(labelOf).join('; ')}</Text>
        <Text size="sm">
          Made {when(apiKey.created_at)} by {apiKey.created_by}
        </Text>
        <Text size="sm">{apiKey.last_used_at ? `Last used ${when(apiKey.last_used_at)}` : 'Never used'}</Text>
        <Text size="sm">
          {apiKey.revoked_at
            ? `Revoked ${when(apiKey.revoked_at)}`
            : apiKey.expires_at
              ? `${state === 'expired' ? 'Expired' : 'Expires'} ${when(apiKey.expires_at)}`
              : 'Does not expire'}
        </Text>
        {!apiKey.revoked_at && (
          <Button mt="xs" variant="outline" color="red.9" onClick={onRevoke}>
            Revoke
          </Button>
        )}
      </Stack>
    </Paper>
  )
}

function NewKeySecret({ made, onDone }: { made: NewApiKey; onDone: () => void }) {
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-label="New API key"
      style={{ borderColor: 'var(--mantine-color-teal-9)', borderWidth: 2 }}
    >
      <Stack gap="xs">
        <Title order={2} size="h4">
          Your new key “{made.name}”
        </Title>
        <Text size="sm" fw={700}>
          Copy the key now: you will not see it again. The portal keeps only a fingerprint of it.
        </Text>
        <Code block fz="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="new-api-key">
          {made.secret}
        </Code>
        <Group gap="xs">
          <CopyButton value={made.secret}>
            {({ copied, copy }) => (
              <Button size="xs" onClick={copy}>
                {copied ? 'Key copied' : 'Copy key'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}

function CreateKeyForm({
  scopes,
  onClose,
  onMade,
}: {
  scopes: Scope[]
  onClose: () => void
  onMade: (key: NewApiKey) => void
}) {
  const clinic = useConsoleClinic()
  const create = useCreateApiKey(clinic.slug)
  const [name, setName] = useState('')
  const [chosen, setChosen] = useState<string[]>([])
  const [expiresOn, setExpiresOn] = useState('')
  return (
    <Stack
      component="form"
      gap="sm"
      onSubmit={(event) => {
        event.preventDefault()
        create.mutate(
          { name: name.trim(), scopes: chosen as ApiKeyScope[], expires_on: expiresOn || null },
          { onSuccess: onMade },
        )
      }}
    >
      <TextInput
        label="Name"
        description="Which system uses it, e.g. “EHR nightly sync”."
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        maxLength={100}
        required
        error={apiFieldError(create.error, 'name')}
        data-autofocus
      />
      <Checkbox.Group
        label="What the key may read"
        value={chosen}
        onChange={setChosen}
        error={apiFieldError(create.error, 'scopes') ?? apiFieldError(create.error, 'scopes.0')}
        required
      >
        <Stack gap={6} mt={6}>
          {scopes.map((choice) => (
            <Checkbox key={choice.scope} value={choice.scope} label={choice.label} description={choice.scope} />
          ))}
        </Stack>
      </Checkbox.Group>
      <TextInput
        type="date"
        label="Expires after (optional)"
        description="The key stops working at the end of this day at the clinic (at most two years ahead). Leave empty to keep it until revoked."
        value={expiresOn}
        onChange={(event) => setExpiresOn(event.currentTarget.value)}
        error={apiFieldError(create.error, 'expires_on')}
      />
      <ErrorAlert message={create.error ? errorMessage(create.error) : null} />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending}>
          Make the key
        </Button>
      </Group>
    </Stack>
  )
}

function RevokeForm({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const clinic = useConsoleClinic()
  const revoke = useRevokeApiKey(clinic.slug)
  return (
    <Stack gap="sm">
      <Text size="sm">
        Revoke “{apiKey.name}” (<Code>{apiKey.prefix}</Code>)? Every system using it is refused from now on. This cannot
        be undone: a system that still needs access gets a new key.
      </Text>
      <ErrorAlert message={revoke.error ? errorMessage(revoke.error) : null} />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose} data-autofocus>
          Keep the key
        </Button>
        <Button color="red.9" loading={revoke.isPending} onClick={() => revoke.mutate(apiKey, { onSuccess: onClose })}>
          Revoke the key
        </Button>
      </Group>
    </Stack>
  )
}
