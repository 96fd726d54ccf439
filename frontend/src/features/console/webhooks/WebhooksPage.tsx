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
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ErrorAlert } from '../../../components/ErrorAlert'
import { PageTitle } from '../../../components/PageTitle'
import { QueryState } from '../../../components/QueryState'
import { apiFieldErrors } from '../../../lib/formErrors'
import { errorMessage } from '../../../lib/http'
import { formatDateTime } from '../../../lib/time'
import { useConsoleClinic } from '../clinics'
import { ScrollRegion } from '../components/ScrollRegion'
import {
  webhooksApi,
  webhooksKeys,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEventType,
} from './api'
import { DELIVERY_STATUS, EVENT_LABELS, eventLabel } from './webhookTerms'

type Editing = { mode: 'add' } | { mode: 'edit'; endpoint: WebhookEndpoint } | null

/** The clinic's endpoints: where its own systems (EHR, billing, analytics) are told what happens. */
export function WebhooksPage() {
  const clinic = useConsoleClinic()
  const [editing, setEditing] = useState<Editing>(null)
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | null>(null)
  const endpoints = useQuery({
    queryKey: webhooksKeys.endpoints(clinic.slug),
    queryFn: () => webhooksApi.endpoints(clinic.slug),
  })

  return (
    <>
      <PageTitle>Webhooks</PageTitle>
      <Stack gap="md">
        <Text size="sm">
          The portal tells your own systems when something happens at the clinic, by sending a signed message to each
          address below. Messages name the appointment, questionnaire or alert by its id only: never answers, scores or
          notes. A message that cannot be delivered is tried again for more than a day.
        </Text>
        <Group>
          <Button onClick={() => setEditing({ mode: 'add' })}>Add endpoint</Button>
        </Group>
        <QueryState query={endpoints} loading="Loading endpoints…" failed="We couldn’t load the endpoints" />
        {endpoints.data && endpoints.data.length === 0 && <Text role="status">No endpoints yet.</Text>}
        {endpoints.data && endpoints.data.length > 0 && (
          <Stack component="ul" gap="md" p={0} m={0} style={{ listStyle: 'none' }}>
            {endpoints.data.map((endpoint) => (
              <li key={endpoint.id}>
                <EndpointCard
                  endpoint={endpoint}
                  onEdit={() => setEditing({ mode: 'edit', endpoint })}
                  onSecret={setSecret}
                />
              </li>
            ))}
          </Stack>
        )}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === 'edit' ? 'Edit endpoint' : 'Add an endpoint'}
      >
        {editing && (
          <EndpointForm
            endpoint={editing.mode === 'edit' ? editing.endpoint : undefined}
            onDone={(created) => {
              setEditing(null)
              if (created) setSecret(created)
            }}
          />
        )}
      </Modal>
      <SecretDialog endpoint={secret} onClose={() => setSecret(null)} />
    </>
  )
}

function EndpointForm({
  endpoint,
  onDone,
}: {
  endpoint?: WebhookEndpoint
  onDone: (created?: WebhookEndpointWithSecret) => void
}) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const form = useForm({
    initialValues: {
      url: endpoint?.url ?? '',
      description: endpoint?.description ?? '',
      events: (endpoint?.events ?? []) as WebhookEventType[],
    },
    validate: {
      url: (value) => (value.trim() ? null : 'Enter the address to send to.'),
      events: (value) => (value.length ? null : 'Choose at least one event.'),
    },
  })
  const save = useMutation({
    mutationFn: (values: typeof form.values) => {
      const body = { url: values.url.trim(), description: values.description.trim(), events: values.events }
      return endpoint
        ? webhooksApi.update(clinic.slug, endpoint.id, body).then(() => undefined)
        : webhooksApi.create(clinic.slug, body)
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: webhooksKeys.endpoints(clinic.slug) })
      notifications.show({ color: 'teal', message: endpoint ? 'Endpoint saved.' : 'Endpoint added.' })
      onDone(created)
    },
    onError: (error) => form.setErrors(apiFieldErrors(error, { rename: { 'events.0': 'events' } })),
  })

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <TextInput
          label="URL"
          description="Must start with https://"
          type="url"
          withAsterisk
          maxLength={2000}
          {...form.getInputProps('url')}
        />
        <TextInput
          label="Description"
          description="For example: our EHR"
          maxLength={200}
          {...form.getInputProps('description')}
        />
        <Checkbox.Group label="Events to send" withAsterisk {...form.getInputProps('events')}>
          <Stack gap={6} mt={6}>
            {(Object.keys(EVENT_LABELS) as WebhookEventType[]).map((type) => (
              <Checkbox key={type} value={type} label={EVENT_LABELS[type]} />
            ))}
          </Stack>
        </Checkbox.Group>
        <ErrorAlert message={save.error && Object.keys(form.errors).length === 0 ? errorMessage(save.error) : null} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {endpoint ? 'Save' : 'Add endpoint'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function SecretDialog({ endpoint, onClose }: { endpoint: WebhookEndpointWithSecret | null; onClose: () => void }) {
  return (
    <Modal opened={endpoint !== null} onClose={onClose} title="Signing secret">
      {endpoint && (
        <Stack gap="sm">
          <Text size="sm">
            Your system checks each message with this secret (Standard Webhooks signatures). Copy it now: it will not be
            shown again.
          </Text>
          <Code block aria-label="Signing secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {endpoint.secret}
          </Code>
          <Group>
            <CopyButton value={endpoint.secret}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? 'Secret copied' : 'Copy secret'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

function EndpointCard({
  endpoint,
  onEdit,
  onSecret,
}: {
  endpoint: WebhookEndpoint
  onEdit: () => void
  onSecret: (endpoint: WebhookEndpointWithSecret) => void
}) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const [showLog, setShowLog] = useState(false)
  const [confirming, setConfirming] = useState<'delete' | 'rotate' | null>(null)
  const refreshEndpoints = () => void queryClient.invalidateQueries({ queryKey: webhooksKeys.endpoints(clinic.slug) })
  const pause = useMutation({
    mutationFn: () => webhooksApi.update(clinic.slug, endpoint.id, { is_active: !endpoint.is_active }),
    onSuccess: (saved) => {
      refreshEndpoints()
      notifications.show({ color: 'teal', message: saved.is_active ? 'Endpoint resumed.' : 'Endpoint paused.' })
    },
  })
  const sendTest = useMutation({
    mutationFn: () => webhooksApi.sendTestEvent(clinic.slug, endpoint.id),
    onSuccess: () => {
      setShowLog(true)
      void queryClient.invalidateQueries({ queryKey: webhooksKeys.deliveries(clinic.slug, endpoint.id) })
      notifications.show({ color: 'teal', message: 'Test event queued: it appears in the delivery log.' })
    },
  })
  const titleId = `endpoint-${endpoint.id}`
  const problem = pause.error ?? sendTest.error

  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Title order={2} size="h4" id={titleId} style={{ wordBreak: 'break-all' }}>
            {endpoint.url}
          </Title>
          <Badge
            miw="max-content"
            radius="sm"
            tt="none"
            variant="outline"
            color={endpoint.is_active ? 'teal.9' : 'gray.8'}
          >
            <span aria-hidden>{endpoint.is_active ? '● ' : '❚❚ '}</span>
            {endpoint.is_active ? 'Active' : 'Paused'}
          </Badge>
        </Group>
        {endpoint.description && <Text size="sm">{endpoint.description}</Text>}
        <Text size="sm">Sends: {endpoint.events.map((type) => EVENT_LABELS[type]).join('; ')}.</Text>
        <Group gap="xs" wrap="wrap">
          <Button size="compact-sm" variant="default" onClick={onEdit}>
            Edit
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => pause.mutate()} loading={pause.isPending}>
            {endpoint.is_active ? 'Pause' : 'Resume'}
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => sendTest.mutate()}
            loading={sendTest.isPending}
            disabled={!endpoint.is_active}
          >
            Send test event
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => setConfirming('rotate')}>
            Rotate secret
          </Button>
          <Button size="compact-sm" variant="default" color="red.9" onClick={() => setConfirming('delete')}>
            Delete
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            aria-expanded={showLog}
            aria-controls={`${titleId}-log`}
            onClick={() => setShowLog((shown) => !shown)}
          >
            {showLog ? 'Hide delivery log' : 'Show delivery log'}
          </Button>
        </Group>
        <ErrorAlert message={problem ? errorMessage(problem) : null} />
        <div id={`${titleId}-log`}>{showLog && <DeliveryLog endpoint={endpoint} />}</div>
      </Stack>
      <ConfirmDialog
        endpoint={endpoint}
        action={confirming}
        onClose={() => setConfirming(null)}
        onRotated={(rotated) => {
          setConfirming(null)
          onSecret(rotated)
        }}
      />
    </Paper>
  )
}

const CONFIRM = {
  delete: {
    title: 'Delete this endpoint?',
    text: 'Nothing more is sent to it, including messages still waiting. Its delivery log is kept.',
    button: 'Delete endpoint',
  },
  rotate: {
    title: 'Rotate the signing secret?',
    text: 'A new secret signs every message from now on. Your system must use it at once: messages signed with the old one stop.',
    button: 'Rotate secret',
  },
}

function ConfirmDialog({
  endpoint,
  action,
  onClose,
  onRotated,
}: {
  endpoint: WebhookEndpoint
  action: 'delete' | 'rotate' | null
  onClose: () => void
  onRotated: (endpoint: WebhookEndpointWithSecret) => void
}) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const act = useMutation({
    mutationFn: async (chosen: 'delete' | 'rotate') =>
      chosen === 'delete'
        ? webhooksApi.remove(clinic.slug, endpoint.id).then(() => null)
        : webhooksApi.rotateSecret(clinic.slug, endpoint.id),
    onSuccess: (rotated) => {
      void queryClient.invalidateQueries({ queryKey: webhooksKeys.endpoints(clinic.slug) })
      if (rotated) {
        onRotated(rotated)
      } else {
        notifications.show({ color: 'teal', message: 'Endpoint deleted.' })
        onClose()
      }
    },
  })
  const words = action ? CONFIRM[action] : null
  return (
    <Modal opened={action !== null} onClose={onClose} title={words?.title}>
      {action && words && (
        <Stack gap="sm">
          <Text size="sm">
            {endpoint.url}: {words.text}
          </Text>
          <ErrorAlert message={act.error ? errorMessage(act.error) : null} />
          <Group>
            <Button color="red.9" onClick={() => act.mutate(action)} loading={act.isPending}>
              {words.button}
            </Button>
            <Button variant="default" onClick={onClose}>
              Keep it as it is
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

function DeliveryLog({ endpoint }: { endpoint: WebhookEndpoint }) {
  const clinic = useConsoleClinic()
  const [page, setPage] = useState(1)
  const log = useQuery({
    queryKey: webhooksKeys.deliveriesPage(clinic.slug, endpoint.id, page),
    queryFn: () => webhooksApi.deliveries(clinic.slug, endpoint.id, page),
    placeholderData: keepPreviousData,
  })
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h5">
          Delivery log
        </Title>
        <Button size="compact-sm" variant="default" onClick={() => void log.refetch()} loading={log.isFetching}>
          Refresh
        </Button>
      </Group>
      <QueryState query={log} loading="Loading deliveries…" failed="We couldn’t load the delivery log" />
      {log.data && log.data.count === 0 && <Text role="status">Nothing sent yet.</Text>}
      {log.data && log.data.count > 0 && (
        <ScrollRegion label={`Deliveries to ${endpoint.url}`} minWidth={820}>
          <Table striped verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Last answer</Table.Th>
                <Table.Th>Next attempt</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Action</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {log.data.results.map((delivery) => (
                <DeliveryRow key={delivery.id} endpoint={endpoint} delivery={delivery} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      {log.data && (log.data.next || page > 1) && (
        <Group gap="xs">
          <Button size="compact-sm" variant="default" disabled={page === 1} onClick={() => setPage(page - 1)}>
            Newer
          </Button>
          <Button size="compact-sm" variant="default" disabled={!log.data.next} onClick={() => setPage(page + 1)}>
            Older
          </Button>
        </Group>
      )}
    </Stack>
  )
}

function DeliveryRow({ endpoint, delivery }: { endpoint: WebhookEndpoint; delivery: WebhookDelivery }) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const retry = useMutation({
    mutationFn: () => webhooksApi.retry(clinic.slug, endpoint.id, delivery.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: webhooksKeys.deliveries(clinic.slug, endpoint.id) })
      notifications.show({ color: 'teal', message: 'Sending again.' })
    },
  })
  const { label, symbol } = DELIVERY_STATUS[delivery.status]
  const failed = delivery.status === 'failed'
  const answer = delivery.last_status_code ? `HTTP ${delivery.last_status_code}` : delivery.last_error || '—'
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(delivery.created_at, clinic.timezone)}</Table.Td>
      <Table.Td>{eventLabel(delivery.event_type)}</Table.Td>
      <Table.Td>
        <Badge
          miw="max-content"
          radius="sm"
          tt="none"
          variant={failed ? 'filled' : 'outline'}
          color={failed ? 'red.9' : delivery.status === 'delivered' ? 'teal.9' : 'gray.8'}
        >
          <span aria-hidden>{symbol} </span>
          {label}
        </Badge>
      </Table.Td>
      <Table.Td>{delivery.attempts}</Table.Td>
      <Table.Td title={delivery.last_error || undefined}>{answer}</Table.Td>
      <Table.Td>{delivery.next_attempt_at ? formatDateTime(delivery.next_attempt_at, clinic.timezone) : '—'}</Table.Td>
      <Table.Td>
        {failed && (
          <Stack gap={4}>
            <Button
              size="compact-sm"
              onClick={() => retry.mutate()}
              loading={retry.isPending}
              aria-label={`Retry: ${eventLabel(delivery.event_type)}, ${formatDateTime(delivery.created_at, clinic.timezone)}`}
            >
              Retry
            </Button>
            <ErrorAlert message={retry.error ? errorMessage(retry.error) : null} />
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  )
}
