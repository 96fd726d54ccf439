import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ErrorAlert } from '../../../components/ErrorAlert'
import { PageTitle } from '../../../components/PageTitle'
import { errorMessage } from '../../../lib/http'
import { consoleApi, consoleKeys, hasCode, type AlertState, type SafetyAlert } from '../api'
import { useConsoleClinic } from '../clinics'
import { ListPagination } from '../components/ListPagination'
import { QueryState } from '../../../components/QueryState'
import { usePageParam } from '../components/usePageParam'
import { consolePaths } from '../consolePaths'
import { patientName } from '../patients/patientName'
import { formatDateTime } from '../../../lib/time'

const STATES: { value: AlertState; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'all', label: 'All (open first)' },
]

export function AlertsPage() {
  const clinic = useConsoleClinic()
  const [params, setParams] = useSearchParams()
  const state = (STATES.find((option) => option.value === params.get('state'))?.value ?? 'open') as AlertState
  const page = usePageParam()
  const [acknowledging, setAcknowledging] = useState<SafetyAlert | null>(null)
  const alerts = useQuery({
    queryKey: consoleKeys.alertList(clinic.slug, state, page),
    queryFn: () => consoleApi.alerts(clinic.slug, state, page),
    placeholderData: keepPreviousData,
  })

  return (
    <>
      <PageTitle>Safety alerts</PageTitle>
      <Stack gap="md">
        <Text size="sm">
          A patient answered the PHQ-9’s question about thoughts of being better off dead or of self-harm with more than
          “Not at all”. Contact the patient, then acknowledge the alert with a note of what was done.
        </Text>
        <SegmentedControl
          aria-label="Which alerts"
          value={state}
          onChange={(next) => setParams({ state: next })}
          data={STATES}
          w={{ base: '100%', xs: 'auto' }}
          style={{ alignSelf: 'flex-start' }}
        />
        <QueryState query={alerts} loading="Loading alerts…" failed="We couldn’t load the alerts" />
        {alerts.data && alerts.data.count === 0 && (
          <Text role="status">{state === 'acknowledged' ? 'No acknowledged alerts.' : 'No open alerts.'}</Text>
        )}
        {alerts.data && alerts.data.count > 0 && (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {alerts.data.results.map((alert) => (
              <li key={alert.id}>
                <AlertCard alert={alert} onAcknowledge={() => setAcknowledging(alert)} />
              </li>
            ))}
          </Stack>
        )}
        <ListPagination count={alerts.data?.count} />
      </Stack>
      <AcknowledgeDialog alert={acknowledging} onClose={() => setAcknowledging(null)} />
    </>
  )
}

function AlertCard({ alert, onAcknowledge }: { alert: SafetyAlert; onAcknowledge: () => void }) {
  const clinic = useConsoleClinic()
  const open = !alert.acknowledged_at
  return (
    <Paper
      withBorder
      p="md"
      component="article"
      aria-labelledby={`alert-${alert.id}`}
      style={open ? { borderColor: 'var(--mantine-color-red-9)', borderWidth: 2 } : undefined}
    >
      <Stack gap={2} align="flex-start">
        <Group gap="sm" wrap="wrap">
          <Title order={2} size="h4" id={`alert-${alert.id}`}>
            <Anchor component={Link} to={consolePaths.patient(clinic.slug, alert.patient.id)} inherit>
              {patientName(alert.patient)}
            </Anchor>
          </Title>
          {open ? (
            <Badge miw="max-content" color="red.9" radius="sm" tt="none">
              <span aria-hidden>! </span>Open
            </Badge>
          ) : (
            <Badge miw="max-content" variant="outline" color="gray.8" radius="sm" tt="none">
              <span aria-hidden>✓ </span>Acknowledged
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {alert.reason_label}. Answered “{alert.answer_label}”; PHQ-9 total {alert.assessment.total_score}.
        </Text>
        <Text size="sm">Raised {formatDateTime(alert.raised_at, clinic.timezone)}</Text>
        {alert.patient.phone && (
          <Text size="sm">
            Phone: <Anchor href={`tel:${alert.patient.phone}`}>{alert.patient.phone}</Anchor>
          </Text>
        )}
        {open && (
          <Button mt="xs" onClick={onAcknowledge}>
            Acknowledge
          </Button>
        )}
      </Stack>
      {!open && (
        <Text size="sm" mt="xs">
          Acknowledged by {alert.acknowledged_by} on {formatDateTime(alert.acknowledged_at!, clinic.timezone)}
          {alert.acknowledgement_note ? `: “${alert.acknowledgement_note}”` : '.'}
        </Text>
      )}
    </Paper>
  )
}

function AcknowledgeDialog({ alert, onClose }: { alert: SafetyAlert | null; onClose: () => void }) {
  return (
    <Modal opened={alert !== null} onClose={onClose} title="Acknowledge the alert">
      {alert && <AcknowledgeForm alert={alert} onClose={onClose} />}
    </Modal>
  )
}

function AcknowledgeForm({ alert, onClose }: { alert: SafetyAlert; onClose: () => void }) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const [note, setNote] = useState('')
  const refresh = () => void queryClient.invalidateQueries({ queryKey: consoleKeys.alerts(clinic.slug) })
  const acknowledge = useMutation({
    mutationFn: () => consoleApi.acknowledgeAlert(clinic.slug, alert.id, note.trim()),
    onSuccess: () => {
      refresh()
      notifications.show({ color: 'teal', message: `Alert for ${patientName(alert.patient)} acknowledged.` })
      onClose()
    },
    // Someone else got there first: show the list as it now is.
    onError: (error) => hasCode(error, 'alert_already_acknowledged') && refresh(),
  })
  return (
    <Stack
      component="form"
      gap="sm"
      onSubmit={(event) => {
        event.preventDefault()
        acknowledge.mutate()
      }}
    >
      <Text size="sm">
        {patientName(alert.patient)}: {alert.reason_label}. Raised {formatDateTime(alert.raised_at, clinic.timezone)}.
      </Text>
      <Textarea
        label="Note"
        description="What was done, e.g. “Called the patient; safety plan reviewed; follow-up booked.”"
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        maxLength={2000}

        rows={3}
        data-autofocus
      />
      <ErrorAlert message={acknowledge.error ? errorMessage(acknowledge.error) : null} />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        <Button type="submit" loading={acknowledge.isPending}>
          Acknowledge
        </Button>
      </Group>
    </Stack>
  )
}
