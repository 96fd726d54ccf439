import { Alert, Anchor, List, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { ApiErrorAlert } from '../../../components/ErrorAlert'
import { ApiError } from '../../../lib/http'
import { useConsoleClinic } from '../clinics'
import { consolePaths } from '../consolePaths'
import { formatDateTime } from '../../../lib/time'
import type { OrphanedAppointment } from './availabilityApi'

/**
 * Why a change was not saved. A change that would strand booked appointments lists them, each linked
 * to its place in the schedule, so they can be moved or cancelled first. Field errors are shown beside
 * their inputs; the summary stays here.
 */
export function ChangeError({ error }: { error: unknown }) {
  if (!error) {
    return null
  }
  if (error instanceof ApiError && error.code === 'would_orphan_appointments') {
    return <OrphanedAppointmentsAlert message={error.message} appointments={orphansOf(error)} />
  }
  return <ApiErrorAlert error={error} title="Not saved" />
}

function orphansOf(error: ApiError): OrphanedAppointment[] {
  return Array.isArray(error.extra.appointments) ? (error.extra.appointments as OrphanedAppointment[]) : []
}

function OrphanedAppointmentsAlert({
  message,
  appointments,
}: {
  message: string
  appointments: OrphanedAppointment[]
}) {
  const clinic = useConsoleClinic()
  return (
    <Alert color="red" variant="light" title="Not saved: booked appointments depend on it">
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        <List size="sm" spacing={4} aria-label="Affected appointments">
          {appointments.map((appointment) => (
            <List.Item key={appointment.id}>
              <Anchor
                component={Link}
                to={`${consolePaths.schedule(appointment.clinic.slug)}?date=${appointment.clinic_time.local.slice(0, 10)}&appointment=${appointment.id}`}
                size="sm"
              >
                {formatDateTime(appointment.start, appointment.clinic.timezone)}
              </Anchor>
              {` · ${appointment.patient.display_name} · ${appointment.service.name} with ${appointment.provider.display_name}`}
              {appointment.clinic.slug !== clinic.slug && ` (at ${appointment.clinic.name})`}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Alert>
  )
}
