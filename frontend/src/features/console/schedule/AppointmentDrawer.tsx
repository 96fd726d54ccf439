import { Anchor, Button, Divider, Drawer, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { ApiErrorAlert, ErrorAlert } from '../../../components/ErrorAlert'
import { LoadingState } from '../../../components/LoadingState'
import { errorMessage } from '../../../lib/http'
import { consoleApi, consoleKeys, type Appointment, type AppointmentEvent, type RideHomeAnswer } from '../api'
import { ACTION_TARGET, givesDose, STATUS_STYLES, staffActions, type StaffAction } from '../appointmentStatus'
import { mayDoClinicalWork, useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { DetailRow } from '../../../components/DetailRow'
import { StatusBadge } from '../components/StatusBadge'
import { consolePaths } from '../consolePaths'
import { formatDateTime, formatTime, wallClock } from '../../../lib/time'
import { regionName } from '../../patient/locationOptions'
import { SessionRecordPanel } from './SessionRecordPanel'
import { SlotPicker, type SlotChoice } from './SlotPicker'

interface AppointmentDrawerProps {
  appointmentId: string | null
  onClose: () => void
}

/** One appointment: its details and history, and what the clinic can do with it next. */
export function AppointmentDrawer({ appointmentId, onClose }: AppointmentDrawerProps) {
  return (
    <Drawer
      opened={appointmentId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title="Appointment"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {appointmentId && <AppointmentDetails appointmentId={appointmentId} />}
    </Drawer>
  )
}

function AppointmentDetails({ appointmentId }: { appointmentId: string }) {
  const clinic = useConsoleClinic()
  const appointment = useQuery({
    queryKey: consoleKeys.appointment(clinic.slug, appointmentId),
    queryFn: () => consoleApi.appointment(appointmentId),
    staleTime: 0,
  })
  if (appointment.isPending) {
    return <LoadingState label="Loading the appointment…" />
  }
  if (appointment.isError) {
    return <ApiErrorAlert error={appointment.error} onRetry={() => void appointment.refetch()} />
  }
  return <AppointmentCard appointment={appointment.data} />
}

const ACTION_LABELS: Record<StaffAction, string> = {
  confirm: 'Confirm booking',
  check_in: 'Check in',
  complete: 'Mark completed',
  no_show: 'Mark no-show',
  move: 'Move',
  cancel: 'Cancel appointment',
}

/** Marking no-show or completed cannot be undone, so those ask once more. */
const NEEDS_CONFIRMATION: StaffAction[] = ['no_show', 'complete']

function AppointmentCard({ appointment }: { appointment: Appointment }) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const [pending, setPending] = useState<StaffAction | null>(null)
  const zone = clinic.timezone

  const updated = (next: Appointment, message: string) => {
    queryClient.setQueryData(consoleKeys.appointment(clinic.slug, next.id), next)
    void queryClient.invalidateQueries({ queryKey: [...consoleKeys.appointment(clinic.slug, next.id), 'events'] })
    void queryClient.invalidateQueries({ queryKey: consoleKeys.schedules(clinic.slug) })
    notifications.show({ color: 'teal', message })
    setPending(null)
  }

  const transition = useMutation({
    mutationFn: ({ action, reason }: { action: Exclude<StaffAction, 'move'>; reason?: string }) =>
      consoleApi.transition(appointment.id, ACTION_TARGET[action], reason),
    onSuccess: (next) =>
      updated(next, `${next.patient.display_name}: ${STATUS_STYLES[next.status].label.toLowerCase()}.`),
  })

  const start = (action: StaffAction) => {
    transition.reset()
    if (action === 'move' || action === 'cancel' || NEEDS_CONFIRMATION.includes(action)) {
      setPending(action)
    } else {
      transition.mutate({ action })
    }
  }

  // A dose is completed by completing its session record, below, not by a plain status change.
  const dose = givesDose(appointment)
  const actions = staffActions(appointment.status).filter((action) => !(dose && action === 'complete'))
  const clinician = mayDoClinicalWork(clinic)
  const chairUntil = appointment.visit_end !== appointment.end ? formatTime(appointment.visit_end, zone) : null

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h3">
            <Anchor component={Link} to={consolePaths.patient(clinic.slug, appointment.patient.id)}>
              {appointment.patient.display_name}
            </Anchor>
          </Title>
          <Text>{appointment.service.name}</Text>
        </div>
        <StatusBadge status={appointment.status} />
      </Group>
      <Table variant="vertical" layout="fixed" withTableBorder>
        <Table.Tbody>
          <DetailRow labelWidth={130} label="When">
            {formatDateTime(appointment.start, zone)} to {formatTime(appointment.end, zone)}
          </DetailRow>
          {chairUntil && (
            <DetailRow labelWidth={130} label="Recovery until">
              {chairUntil}
            </DetailRow>
          )}
          <DetailRow labelWidth={130} label="Provider">
            {appointment.provider.display_name}
            {appointment.provider.credentials && `, ${appointment.provider.credentials}`}
          </DetailRow>
          <DetailRow labelWidth={130} label="Chair">
            {appointment.chair?.name ?? 'None'}
          </DetailRow>
          <DetailRow labelWidth={130} label="Where">
            {appointment.is_telehealth ? videoVisitPlace(appointment.visit_region) : 'At the clinic'}
          </DetailRow>
          {appointment.ride_home && (
            <DetailRow labelWidth={130} label="Ride home">
              {rideHomeText(appointment.ride_home)}
            </DetailRow>
          )}
          {appointment.status === 'held' && appointment.hold_expires_at && (
            <DetailRow labelWidth={130} label="Hold expires">
              {formatDateTime(appointment.hold_expires_at, zone)}
            </DetailRow>
          )}
          {appointment.status === 'cancelled' && (
            <DetailRow labelWidth={130} label="Cancelled">
              {appointment.cancelled_at && formatDateTime(appointment.cancelled_at, zone)} by {appointment.cancelled_by}
              {appointment.cancellation_reason && `: ${appointment.cancellation_reason}`}
            </DetailRow>
          )}
        </Table.Tbody>
      </Table>

      {actions.length === 0 ? (
        <Text size="sm">This appointment is final: nothing more can change.</Text>
      ) : (
        <Group gap="xs">
          {actions.map((action) => (
            <Button
              key={action}
              variant={action === 'cancel' || action === 'no_show' || action === 'move' ? 'default' : 'filled'}
              onClick={() => start(action)}
              loading={transition.isPending && transition.variables?.action === action}
              disabled={transition.isPending}
            >
              {ACTION_LABELS[action]}
            </Button>
          ))}
        </Group>
      )}
      <ErrorAlert message={transition.error && !pending ? errorMessage(transition.error) : null} />

      {pending === 'cancel' && (
        <CancelForm
          pending={transition.isPending}
          error={transition.error}
          onCancel={(reason) => transition.mutate({ action: 'cancel', reason })}
          onBack={() => setPending(null)}
        />
      )}
      {pending && NEEDS_CONFIRMATION.includes(pending) && (
        <ConfirmFinal
          action={pending as 'no_show' | 'complete'}
          pending={transition.isPending}
          error={transition.error}
          onConfirm={() => transition.mutate({ action: pending as 'no_show' | 'complete' })}
          onBack={() => setPending(null)}
        />
      )}
      {pending === 'move' && (
        <MoveForm
          appointment={appointment}
          onMoved={(next) => updated(next, 'Moved.')}
          onBack={() => setPending(null)}
        />
      )}

      {dose && clinician && ['checked_in', 'completed'].includes(appointment.status) && (
        <>
          <Divider />
          <SessionRecordPanel appointment={appointment} />
        </>
      )}
      {dose && !clinician && appointment.status === 'checked_in' && (
        <Text size="sm">A provider completes this dosing session by completing its session record.</Text>
      )}

      <Divider />
      <History appointment={appointment} />
    </Stack>
  )
}

interface CancelFormProps {
  pending: boolean
  error: unknown
  onCancel: (reason: string) => void
  onBack: () => void
}

function CancelForm({ pending, error, onCancel, onBack }: CancelFormProps) {
  const [reason, setReason] = useState('')
  const [missing, setMissing] = useState(false)
  return (
    <Stack
      component="form"
      gap="xs"
      onSubmit={(event) => {
        event.preventDefault()
        if (!reason.trim()) {
          setMissing(true)
          return
        }
        onCancel(reason.trim())
      }}
    >
      <Textarea
        label="Reason for cancelling"
        description="Kept in the appointment’s history."
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value)
          setMissing(false)
        }}
        error={missing ? 'Give a reason for cancelling.' : undefined}
        maxLength={500}

        rows={2}
        data-autofocus
        withAsterisk
      />
      <ErrorAlert message={error ? errorMessage(error) : null} />
      <Group gap="xs">
        <Button type="submit" color="red.9" loading={pending}>
          Cancel the appointment
        </Button>
        <Button variant="default" onClick={onBack}>
          Keep it
        </Button>
      </Group>
    </Stack>
  )
}

interface ConfirmFinalProps {
  action: 'no_show' | 'complete'
  pending: boolean
  error: unknown
  onConfirm: () => void
  onBack: () => void
}

function ConfirmFinal({ action, pending, error, onConfirm, onBack }: ConfirmFinalProps) {
  return (
    <Stack gap="xs" role="group" aria-label="Confirm">
      <Text size="sm">
        {action === 'complete'
          ? 'Mark this appointment as completed? This cannot be undone.'
          : 'Mark the patient as a no-show? This cannot be undone.'}
      </Text>
      <ErrorAlert message={error ? errorMessage(error) : null} />
      <Group gap="xs">
        <Button onClick={onConfirm} loading={pending}>
          {action === 'complete' ? 'Yes, mark completed' : 'Yes, mark no-show'}
        </Button>
        <Button variant="default" onClick={onBack}>
          Go back
        </Button>
      </Group>
    </Stack>
  )
}

function MoveForm({
  appointment,
  onMoved,
  onBack,
}: {
  appointment: Appointment
  onMoved: (next: Appointment) => void
  onBack: () => void
}) {
  const clinic = useConsoleClinic()
  const [date, setDate] = useState(() => wallClock(appointment.start, clinic.timezone).date)
  const [choice, setChoice] = useState<SlotChoice | null>(null)
  const move = useMutation({
    mutationFn: () => consoleApi.move(appointment.id, choice!.slot.start, choice!.providerId ?? undefined),
    onSuccess: onMoved,
  })
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Move to another time
      </Title>
      <SlotPicker
        clinicSlug={clinic.slug}
        timeZone={clinic.timezone}
        service={appointment.service.slug}
        patientId={appointment.patient.id}
        date={date}
        onDateChange={setDate}
        value={choice}
        onChange={(next) => {
          move.reset()
          setChoice(next)
        }}
      />
      <ErrorAlert message={move.error ? errorMessage(move.error) : null} />
      <Group gap="xs">
        <Button onClick={() => move.mutate()} disabled={!choice} loading={move.isPending}>
          {choice ? `Move to ${formatDateTime(choice.slot.start, clinic.timezone)}` : 'Move'}
        </Button>
        <Button variant="default" onClick={onBack}>
          Keep the current time
        </Button>
      </Group>
    </Stack>
  )
}

/** Who made a change; the API types `by` as text ("patient, clinic or system"). */
const EVENT_BY: Partial<Record<string, string>> = {
  patient: 'the patient',
  clinic: 'the clinic',
  system: 'the portal',
}

function describeEvent(event: AppointmentEvent, zone: string): string {
  const by = EVENT_BY[event.by] ?? event.by
  if (event.kind === 'rescheduled' && event.previous_start) {
    const from = formatDateTime(event.previous_start, zone)
    return `Moved from ${from}${event.previous_provider ? ` (${event.previous_provider})` : ''} by ${by}`
  }
  const to = STATUS_STYLES[event.to_status as Appointment['status']]?.label ?? event.to_status
  return event.kind === 'booked' ? `Booked (${to.toLowerCase()}) by ${by}` : `${to} by ${by}`
}

function History({ appointment }: { appointment: Appointment }) {
  const clinic = useConsoleClinic()
  const events = useQuery({
    queryKey: [...consoleKeys.appointment(clinic.slug, appointment.id), 'events'],
    queryFn: () => consoleApi.appointmentEvents(appointment.id),
  })
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        History
      </Title>
      <QueryState query={events} loading="Loading the history…" />
      {events.data && (
        <Stack component="ol" gap={4} pl="md" m={0}>
          {events.data.map((event, index) => (
            <Text component="li" size="sm" key={index}>
              {formatDateTime(event.at, clinic.timezone)}: {describeEvent(event, clinic.timezone)}
              {event.reason && ` — “${event.reason}”`}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  )
}

function rideHomeText(ride: RideHomeAnswer): string {
  if (ride.status === 'needs_help') return 'Asked for help getting home: call the patient.'
  if (ride.status === 'not_confirmed') return 'Not confirmed yet.'
  if (ride.answered_by_text) return 'Confirmed by text: the escort named in the portal.'
  return `${ride.escort_name}, ${ride.escort_phone}`
}

const videoVisitPlace = (region: string) => (region ? `Video visit, patient in ${regionName(region)}` : 'Video visit')
