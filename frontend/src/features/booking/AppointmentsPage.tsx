import { Button, Stack, Tabs, Text } from '@mantine/core'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { useAppointments, type Appointment } from '../../lib/bookingApi'
import { AppointmentCard } from './AppointmentCard'
import { useOwnTimeZone } from './useOwnTimeZone'

/** The patient's appointments: what is coming, and what is past or cancelled (newest first). */
export function AppointmentsPage() {
  return (
    <>
      <PageTitle>Your appointments</PageTitle>
      <Stack gap="md" maw={880}>
        <Button component={Link} to={paths.book} size="md" style={{ alignSelf: 'flex-start' }}>
          Book an appointment
        </Button>
        <Tabs defaultValue="upcoming" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="upcoming">Upcoming</Tabs.Tab>
            <Tabs.Tab value="past">Past and cancelled</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="upcoming" pt="md">
            <UpcomingAppointments />
          </Tabs.Panel>
          <Tabs.Panel value="past" pt="md">
            <PastAppointments />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  )
}

function UpcomingAppointments() {
  const upcoming = useAppointments(true)
  const active = upcoming.data?.filter((appointment) => appointment.status !== 'cancelled') ?? []
  if (upcoming.isPending || upcoming.isError) {
    return (
      <QueryState query={upcoming} loading="Loading your appointments…" failed="We couldn’t load your appointments" />
    )
  }
  return <AppointmentList appointments={active} empty="You have no upcoming appointments." />
}

function PastAppointments() {
  const all = useAppointments(false)
  const [now] = useState(Date.now)
  if (all.isPending || all.isError) {
    return <QueryState query={all} loading="Loading your appointments…" failed="We couldn’t load your appointments" />
  }
  // The API's "upcoming" is a visit that has not ended yet; past is the rest.
  const past = all.data
    .filter((appointment) => appointment.status === 'cancelled' || Date.parse(appointment.visit_end) <= now)
    .reverse()
  return <AppointmentList appointments={past} empty="No past or cancelled appointments yet." />
}

function AppointmentList({ appointments, empty }: { appointments: Appointment[]; empty: string }) {
  const ownTimeZone = useOwnTimeZone()
  if (appointments.length === 0) {
    return <Text>{empty}</Text>
  }
  return (
    <Stack gap="sm">
      {appointments.map((appointment) => (
        <AppointmentCard key={appointment.id} appointment={appointment} ownTimeZone={ownTimeZone} />
      ))}
    </Stack>
  )
}
