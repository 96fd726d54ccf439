import { Alert, Anchor, Badge, Button, Group, Stack, Text, VisuallyHidden } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { generatePath, Link, useLocation, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { DetailRow } from '../../components/DetailRow'
import { formatDateTime } from '../../lib/time'
import { bookingQueryKeys, calendarFileUrl, useAppointment, type Appointment } from '../../lib/bookingApi'
import { AppointmentSummary } from './AppointmentSummary'
import { CHANGEABLE_STATUSES, directionsUrl, MODALITY_LABELS, STATUS_LABELS } from './bookingTerms'
import { PaymentStep } from './PaymentStep'
import { RideHomeSection } from './RideHomeSection'
import { clinicAddress, useClinic } from './useClinicAddress'
import { useOwnTimeZone } from './useOwnTimeZone'

/** What the reschedule and cancel pages tell this page when they send the patient back. */
export interface AppointmentNotice {
  notice: string
}

export function AppointmentPage() {
  const { appointmentId = '' } = useParams()
  const appointment = useAppointment(appointmentId)
  const notice = (useLocation().state as AppointmentNotice | null)?.notice
  return (
    <>
      <PageTitle>Your appointment</PageTitle>
      <Stack gap="md" maw={760}>
        {notice && (
          <Alert color="evergreen" variant="light" role="status">
            {notice}
          </Alert>
        )}
        <QueryState
          query={appointment}
          loading="Loading your appointment…"
          failed="We couldn’t load this appointment"
        />
        {appointment.data && <AppointmentDetails appointment={appointment.data} />}
        <Anchor component={Link} to={paths.appointments}>
          All your appointments
        </Anchor>
      </Stack>
    </>
  )
}

function AppointmentDetails({ appointment }: { appointment: Appointment }) {
  const ownTimeZone = useOwnTimeZone()
  const queryClient = useQueryClient()
  const status = STATUS_LABELS[appointment.status]
  const zone = appointment.clinic.timezone
  const [now] = useState(Date.now)
  const ended = Date.parse(appointment.visit_end) <= now
  const changeable = CHANGEABLE_STATUSES.includes(appointment.status) && !ended
  return (
    <Stack gap="md">
      <Group gap="sm">
        <Text size="lg" fw={600}>
          {appointment.service.name}
        </Text>
        <Badge variant="light" color={status.color} size="lg">
          {status.label}
        </Badge>
      </Group>
      {appointment.status === 'held' && (
        <Stack gap="sm">
          <Text fw={600}>This time is held for you: pay now to confirm it.</Text>
          <PaymentStep
            appointmentId={appointment.id}
            holdExpiresAt={appointment.hold_expires_at}
            clinicTimeZone={zone}
            onPaid={() =>
              void queryClient.invalidateQueries({ queryKey: bookingQueryKeys.appointment(appointment.id) })
            }
          />
        </Stack>
      )}
      <AppointmentSummary
        serviceName={appointment.service.name}
        start={appointment.start}
        clinicName={appointment.clinic.name}
        clinicTimeZone={zone}
        ownTimeZone={ownTimeZone}
        provider={appointment.provider.display_name}
        where={appointment.is_telehealth ? MODALITY_LABELS.telehealth : MODALITY_LABELS.in_person}
      >
        <DetailRow label="Ends" labelWidth={110}>
          {formatDateTime(appointment.visit_end, zone)}
        </DetailRow>
        {appointment.status === 'cancelled' && (
          <DetailRow label="Cancelled" labelWidth={110}>
            {appointment.cancelled_at ? formatDateTime(appointment.cancelled_at, zone) : ''}
            {appointment.cancelled_by === 'clinic' ? ' by the clinic' : ''}
            {appointment.cancellation_reason ? `: ${appointment.cancellation_reason}` : ''}
          </DetailRow>
        )}
      </AppointmentSummary>
      {!ended && appointment.status !== 'cancelled' && <VisitLinks appointment={appointment} />}
      {asksRideHome(appointment, now) && <RideHomeSection appointmentId={appointment.id} />}
      {changeable && (
        <Stack gap="xs">
          <Text size="sm">
            You can move or cancel it online until {formatDateTime(appointment.patient_may_change_until, zone)}. After
            that, please call the clinic.
          </Text>
          <Group gap="sm">
            <Button
              component={Link}
              to={generatePath(paths.appointmentReschedule, { appointmentId: appointment.id })}
              variant="default"
              size="md"
            >
              Move to another time
            </Button>
            <Button
              component={Link}
              to={generatePath(paths.appointmentCancel, { appointmentId: appointment.id })}
              variant="default"
              size="md"
            >
              Cancel appointment
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  )
}

/** The clinic asks who takes the patient home for every upcoming dose (a dosing session or booster). */
function asksRideHome(appointment: Appointment, now: number): boolean {
  const dose = appointment.service.kind === 'dosing' || appointment.service.kind === 'booster'
  return dose && ['held', 'confirmed'].includes(appointment.status) && Date.parse(appointment.start) > now
}

/** How to get to the visit: the video room, or directions to the clinic; and the calendar file. */
function VisitLinks({ appointment }: { appointment: Appointment }) {
  const clinic = useClinic(appointment.clinic.slug)
  const address = clinic ? clinicAddress(clinic) : null
  return (
    <Group gap="sm">
      {appointment.is_telehealth ? (
        <Button component={Link} to={generatePath(paths.appointmentJoin, { appointmentId: appointment.id })} size="md">
          Join the video visit
        </Button>
      ) : (
        address && (
          <Button component="a" href={directionsUrl(address)} target="_blank" rel="noopener noreferrer" size="md">
            Directions to the clinic <VisuallyHidden>(opens in a new tab)</VisuallyHidden>
          </Button>
        )
      )}
      <Button
        component="a"
        href={calendarFileUrl(appointment.id)}
        download="appointment.ics"
        variant="default"
        size="md"
      >
        Add to your calendar
      </Button>
      {clinic && !appointment.is_telehealth && (
        <Text size="sm" w="100%">
          {address} · <Anchor href={`tel:${clinic.phone}`}>{clinic.phone}</Anchor>
        </Text>
      )}
    </Group>
  )
}
