import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core'
import { generatePath, Link } from 'react-router'
import { paths } from '../../app/paths'
import { calendarFileUrl, type Appointment } from '../../lib/bookingApi'
import { AppointmentSummary } from './AppointmentSummary'
import { MODALITY_LABELS } from './bookingTerms'

/** The booking is done: what, when and where, a calendar file, and the way back to it. */
export function BookedStep({ appointment, ownTimeZone }: { appointment: Appointment; ownTimeZone: string }) {
  const detailsPath = generatePath(paths.appointment, { appointmentId: appointment.id })
  return (
    <Stack gap="md">
      <Alert color="evergreen" variant="light" title="You’re booked">
        <Text size="sm">
          We have sent you an e-mail with the details. You can change or cancel it from your appointments.
        </Text>
      </Alert>
      <AppointmentSummary
        serviceName={appointment.service.name}
        start={appointment.start}
        clinicName={appointment.clinic.name}
        clinicTimeZone={appointment.clinic.timezone}
        ownTimeZone={ownTimeZone}
        provider={appointment.provider.display_name}
        where={appointment.is_telehealth ? MODALITY_LABELS.telehealth : MODALITY_LABELS.in_person}
      />
      <Group gap="sm">
        <Button
          component="a"
          href={calendarFileUrl(appointment.id)}
          download="appointment.ics"
          variant="default"
          size="md"
        >
          Add to your calendar
        </Button>
        <Button component={Link} to={detailsPath} size="md">
          See your appointment
        </Button>
      </Group>
      <Anchor component={Link} to={paths.home}>
        Back to your home page
      </Anchor>
    </Stack>
  )
}
