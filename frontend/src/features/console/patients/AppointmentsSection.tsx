import { Anchor, Group, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { consoleApi, usePatientPages, type Appointment, type AppointmentsWhen } from '../api'
import { useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { Section } from '../components/Section'
import { ShowMoreButton } from '../../../components/ShowMoreButton'
import { StatusBadge } from '../components/StatusBadge'
import { consolePaths } from '../consolePaths'
import { formatDateTime, wallClock } from '../../../lib/time'

const LISTS: { when: AppointmentsWhen; title: string; empty: string }[] = [
  { when: 'upcoming', title: 'Upcoming', empty: 'Nothing booked.' },
  { when: 'past', title: 'Past and cancelled', empty: 'No earlier appointments.' },
]

/** The patient's appointments at this clinic, each linking to the schedule with it open. */
export function AppointmentsSection({ patientId }: { patientId: string }) {
  return (
    <Section id="appointments" title="Appointments">
      <Stack gap="md">
        {LISTS.map((list) => (
          <AppointmentList key={list.when} patientId={patientId} {...list} />
        ))}
      </Stack>
    </Section>
  )
}

function AppointmentList({ patientId, when, title, empty }: { patientId: string } & (typeof LISTS)[number]) {
  const clinic = useConsoleClinic()
  const appointments = usePatientPages(clinic.slug, patientId, `appointments-${when}`, (page) =>
    consoleApi.patientAppointments(clinic.slug, patientId, when, page),
  )
  const rows = appointments.data?.pages.flatMap((page) => page.results) ?? []
  const count = appointments.data?.pages[0].count ?? 0
  const headingId = `appointments-${when}-heading`
  return (
    <Stack gap="xs">
      <Title order={3} size="h5" id={headingId}>
        {title}
      </Title>
      <QueryState query={appointments} loading="Loading appointments…" />
      {appointments.data && count === 0 && <Text size="sm">{empty}</Text>}
      {rows.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
          {rows.map((appointment) => (
            <AppointmentRow key={appointment.id} appointment={appointment} />
          ))}
        </Stack>
      )}
      <ShowMoreButton query={appointments} label="Show more appointments" shown={rows.length} count={count} size="xs" />
    </Stack>
  )
}

function AppointmentRow({ appointment }: { appointment: Appointment }) {
  const clinic = useConsoleClinic()
  const link = consolePaths.appointment(clinic.slug, {
    id: appointment.id,
    date: wallClock(appointment.start, clinic.timezone).date,
    cancelled: appointment.status === 'cancelled',
  })
  return (
    <li>
      <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Anchor component={Link} to={link} size="sm" fw={600}>
            {formatDateTime(appointment.start, clinic.timezone)}
          </Anchor>
          <Text size="sm">
            {appointment.service.name} with {appointment.provider.display_name}
          </Text>
        </div>
        <StatusBadge status={appointment.status} />
      </Group>
    </li>
  )
}
