import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core'
import { generatePath, Link } from 'react-router'
import { paths } from '../../app/paths'
import type { Appointment } from '../../lib/bookingApi'
import { MODALITY_LABELS, STATUS_LABELS, timeInBothZones } from './bookingTerms'

/** One appointment in a list: what, when, with whom, its status, and the link to its page. */
export function AppointmentCard({ appointment, ownTimeZone }: { appointment: Appointment; ownTimeZone: string }) {
  const when = timeInBothZones(appointment.start, appointment.clinic.timezone, ownTimeZone)
  const status = STATUS_LABELS[appointment.status]
  const headingId = `appointment-${appointment.id}`
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} size="h4" id={headingId}>
            <Anchor component={Link} to={generatePath(paths.appointment, { appointmentId: appointment.id })} inherit>
              {appointment.service.name}
            </Anchor>
          </Title>
          <Badge variant="light" color={status.color}>
            {status.label}
          </Badge>
        </Group>
        <Text>{when.clinic}</Text>
        {when.own && (
          <Text size="sm" c="dimmed">
            {when.own} your time
          </Text>
        )}
        <Text size="sm">
          {appointment.is_telehealth ? MODALITY_LABELS.telehealth : MODALITY_LABELS.in_person} with{' '}
          {appointment.provider.display_name} · {appointment.clinic.name}
        </Text>
      </Stack>
    </Card>
  )
}
