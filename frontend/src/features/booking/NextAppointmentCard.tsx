import { Anchor, Badge, Button, Group, Text, VisuallyHidden } from '@mantine/core'
import { generatePath, Link } from 'react-router'
import { paths } from '../../app/paths'
import { QueryState } from '../../components/QueryState'
import { useAppointments, type Appointment } from '../../lib/bookingApi'
import { DashboardCard } from '../dashboard/DashboardCard'
import { directionsUrl, MODALITY_LABELS, STATUS_LABELS, timeInBothZones } from './bookingTerms'
import { clinicAddress, useClinic } from './useClinicAddress'
import { useOwnTimeZone } from './useOwnTimeZone'

/** The dashboard's next appointment: when, and the way in (video room or directions), or a way to book. */
export function NextAppointmentCard() {
  const upcoming = useAppointments(true)
  const next = upcoming.data?.find((appointment) => appointment.status !== 'cancelled')
  return (
    <DashboardCard id="next-appointment-heading" title="Your next appointment">
      <QueryState query={upcoming} loading="Loading your appointments…" failed="We couldn’t load your appointments" />
      {upcoming.isSuccess && !next && <Text>You have no upcoming appointments.</Text>}
      {next && <NextAppointment appointment={next} />}
      {upcoming.isSuccess && (
        <Group gap="sm">
          <Button component={Link} to={paths.book} variant={next ? 'default' : 'filled'}>
            Book an appointment
          </Button>
          <Anchor component={Link} to={paths.appointments}>
            All your appointments
          </Anchor>
        </Group>
      )}
    </DashboardCard>
  )
}

function NextAppointment({ appointment }: { appointment: Appointment }) {
  const ownTimeZone = useOwnTimeZone()
  const clinic = useClinic(appointment.clinic.slug)
  const when = timeInBothZones(appointment.start, appointment.clinic.timezone, ownTimeZone)
  const status = STATUS_LABELS[appointment.status]
  const detailsPath = generatePath(paths.appointment, { appointmentId: appointment.id })
  return (
    <>
      <Group gap="xs">
        <Text fw={600}>{appointment.service.name}</Text>
        <Badge variant="light" color={status.color}>
          {status.label}
        </Badge>
      </Group>
      <Text>
        {when.clinic}
        {when.own && (
          <Text span size="sm" c="dimmed" display="block">
            {when.own} your time
          </Text>
        )}
      </Text>
      <Text size="sm">
        {appointment.is_telehealth ? MODALITY_LABELS.telehealth : MODALITY_LABELS.in_person} with{' '}
        {appointment.provider.display_name} · {appointment.clinic.name}
      </Text>
      <Group gap="sm">
        {appointment.is_telehealth ? (
          <Button component={Link} to={generatePath(paths.appointmentJoin, { appointmentId: appointment.id })}>
            Join the video visit
          </Button>
        ) : (
          clinic && (
            <Button component="a" href={directionsUrl(clinicAddress(clinic))} target="_blank" rel="noopener noreferrer">
              Directions <VisuallyHidden>to {clinic.name} (opens in a new tab)</VisuallyHidden>
            </Button>
          )
        )}
        <Button component={Link} to={detailsPath} variant="light">
          Details
          <VisuallyHidden> of your {appointment.service.name.toLowerCase()}</VisuallyHidden>
        </Button>
      </Group>
    </>
  )
}
