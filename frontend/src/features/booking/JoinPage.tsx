import { Alert, Anchor, Button, Stack, Text, VisuallyHidden } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { useEffect, useState, type FormEvent } from 'react'
import { generatePath, Link, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { joinVideoVisit, useAppointment, type Appointment } from '../../lib/bookingApi'
import { ApiError } from '../../lib/http'
import { formatDateTime } from '../../lib/time'
import { regionName } from '../patient/locationOptions'
import { STATUS_LABELS } from './bookingTerms'
import { countdownAnnouncement, formatCountdown } from './countdown'
import { openRoom } from './openRoom'
import { VisitRegionSelect } from './VisitRegionSelect'

/** The clock, read again every `intervalMs`. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(timer)
  }, [intervalMs])
  return now
}

/** The video visit: a countdown until the room opens, then the room itself, in this window. */
export function JoinPage() {
  const { appointmentId = '' } = useParams()
  const appointment = useAppointment(appointmentId)
  return (
    <>
      <PageTitle>Your video visit</PageTitle>
      <Stack gap="md" maw={680}>
        <QueryState
          query={appointment}
          loading="Loading your appointment…"
          failed="We couldn’t load this appointment"
        />
        {appointment.data && <JoinState appointment={appointment.data} />}
        <Anchor component={Link} to={generatePath(paths.appointment, { appointmentId })}>
          Appointment details
        </Anchor>
      </Stack>
    </>
  )
}

const FINISHED = new Set<Appointment['status']>(['cancelled', 'completed', 'no_show'])

function JoinState({ appointment }: { appointment: Appointment }) {
  const now = useNow(1000)
  const zone = appointment.clinic.timezone
  if (!appointment.is_telehealth || !appointment.room_opens_at) {
    return (
      <Alert color="gray" variant="light" title="This is not a video visit">
        This appointment takes place at {appointment.clinic.name}, on {formatDateTime(appointment.start, zone)}. The
        appointment details have directions.
      </Alert>
    )
  }
  if (FINISHED.has(appointment.status)) {
    return (
      <Alert color="gray" variant="light" title="There is no visit to join">
        This appointment is {STATUS_LABELS[appointment.status].label.toLowerCase()}.
      </Alert>
    )
  }
  if (appointment.status === 'held') {
    return (
      <Alert color="yellow" variant="light" title="This booking isn’t confirmed yet">
        Please finish paying for it on the appointment’s page first.
      </Alert>
    )
  }
  if (now >= Date.parse(appointment.end)) {
    return <Ended />
  }
  const opensAt = Date.parse(appointment.room_opens_at)
  if (now < opensAt) {
    return <Countdown appointment={appointment} millisecondsLeft={opensAt - now} />
  }
  return <OpenRoom appointment={appointment} />
}

function Ended() {
  return (
    <Alert color="gray" variant="light" title="This video visit has ended">
      If you still need to talk with your clinic, please call them or book another appointment.
    </Alert>
  )
}

function Countdown({ appointment, millisecondsLeft }: { appointment: Appointment; millisecondsLeft: number }) {
  const zone = appointment.clinic.timezone
  return (
    <Stack gap="sm">
      <Text>
        Your visit with {appointment.provider.display_name} starts on {formatDateTime(appointment.start, zone)}. The
        video room opens 15 minutes before, and this page opens it for you then.
      </Text>
      {/* Seen every second, but not spoken: the live region below speaks far less often. */}
      <Text size="xl" fw={700} aria-hidden>
        Opens in {formatCountdown(millisecondsLeft)}
      </Text>
      <VisuallyHidden aria-live="polite" role="status">
        {countdownAnnouncement(millisecondsLeft)}
      </VisuallyHidden>
      <Text size="sm" c="dimmed">
        Use a quiet, private place, with your camera and microphone allowed for this site.
      </Text>
    </Stack>
  )
}

/** Asks where the patient is right now (the provider must be licensed there), then opens the room. */
function OpenRoom({ appointment }: { appointment: Appointment }) {
  const [region, setRegion] = useState<string | null>(appointment.visit_region || null)
  const join = useMutation({
    mutationFn: (where: string) => joinVideoVisit(appointment.id, where),
    onSuccess: (link) => openRoom(link.url),
  })

  if (join.isSuccess) {
    return (
      <Stack gap="sm" role="status">
        <Text>Your video room is open. It is opening in this window now.</Text>
        <Button component="a" href={join.data.url} size="md" maw={320}>
          Open the video room
        </Button>
      </Stack>
    )
  }
  if (join.error instanceof ApiError && join.error.code === 'join_closed') {
    return <Ended />
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (region) join.mutate(region)
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <Text>Your video room is open.</Text>
        <VisitRegionSelect label="Where are you right now?" value={region} onChange={setRegion} />
        {join.isError && <JoinRefusal error={join.error} clinicName={appointment.clinic.name} />}
        <Button type="submit" size="md" loading={join.isPending} disabled={!region}>
          Join the video visit
        </Button>
      </Stack>
    </form>
  )
}

function JoinRefusal({ error, clinicName }: { error: Error; clinicName: string }) {
  if (!(error instanceof ApiError && error.code === 'visit_location_not_licensed')) {
    return <ApiErrorAlert title="We couldn’t open the video room" error={error} />
  }
  const region = String(error.extra.region ?? '')
  const phone = String(error.extra.clinic_phone ?? '')
  return (
    <Alert color="red" variant="light" title={`Your provider can’t see you by video in ${regionName(region)}`}>
      <Stack gap="xs">
        <Text size="sm">{error.message}</Text>
        {phone && (
          <Text size="sm">
            Call {clinicName}: <Anchor href={`tel:${phone}`}>{phone}</Anchor>
          </Text>
        )}
      </Stack>
    </Alert>
  )
}
