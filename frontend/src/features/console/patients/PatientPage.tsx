import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { LoadingState } from '../../../components/LoadingState'
import { PageTitle } from '../../../components/PageTitle'
import { ApiError } from '../../../lib/http'
import { consoleApi, consoleKeys, useOpenAlerts, type PatientDetail } from '../api'
import { useConsoleClinic } from '../clinics'
import { DetailRow } from '../../../components/DetailRow'
import { consolePaths } from '../consolePaths'
import { BookingDialog } from '../schedule/BookingDialog'
import { formatDateTime } from '../../../lib/time'
import { AppointmentsSection } from './AppointmentsSection'
import { AssessmentsSection } from './AssessmentsSection'
import { IntakeSection } from './IntakeSection'
import { OutcomeSection } from './OutcomeSection'
import { patientName } from './patientName'
import { PlanSection } from './PlanSection'
import { PaymentsSection } from './PaymentsSection'
import { ConsentsSection, EscortSection, NotificationsSection, ReadingSection } from './RecordsSections'
import { ApiErrorAlert } from '../../../components/ErrorAlert'

export function PatientPage() {
  const clinic = useConsoleClinic()
  const { patientId = '' } = useParams()
  const patient = useQuery({
    queryKey: consoleKeys.patient(clinic.slug, patientId),
    queryFn: () => consoleApi.patient(clinic.slug, patientId),
  })

  if (patient.isPending) {
    return <LoadingState label="Loading the patient…" />
  }
  if (patient.isError) {
    // Another clinic's patient (or a mistyped link) is simply not found: the API does not say which.
    const notFound = patient.error instanceof ApiError && patient.error.status === 404
    return (
      <Stack align="flex-start">
        <PageTitle>{notFound ? 'Patient not found' : 'Patient'}</PageTitle>
        {notFound ? (
          <Text>This person isn’t a patient of {clinic.name}, or the link is mistyped.</Text>
        ) : (
          <ApiErrorAlert error={patient.error} onRetry={() => void patient.refetch()} />
        )}
        <Anchor component={Link} to={consolePaths.patients(clinic.slug)}>
          Back to the patient list
        </Anchor>
      </Stack>
    )
  }
  return <PatientRecord patient={patient.data} />
}

function PatientRecord({ patient }: { patient: PatientDetail }) {
  const clinic = useConsoleClinic()
  const [booking, setBooking] = useState(false)
  const openAlerts = useOpenAlerts(clinic.slug)
  const alerts = openAlerts.data?.results.filter((alert) => alert.patient.id === patient.id) ?? []
  const profile = patient.profile

  return (
    <>
      <PageTitle>{patientName(patient)}</PageTitle>
      <Stack gap="md">
        {alerts.length > 0 && (
          <Alert
            color="red"
            variant="light"
            title={
              <>
                <span aria-hidden>! </span>Open safety alert
              </>
            }
          >
            <Stack gap={4} align="flex-start">
              {alerts.map((alert) => (
                <Text size="sm" key={alert.id}>
                  {alert.reason_label}; answered “{alert.answer_label}”,{' '}
                  {formatDateTime(alert.raised_at, clinic.timezone)}.
                </Text>
              ))}
              <Anchor component={Link} to={consolePaths.alerts(clinic.slug)} size="sm">
                Go to safety alerts to acknowledge
              </Anchor>
            </Stack>
          </Alert>
        )}
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Table variant="vertical" layout="fixed" withTableBorder maw={560} w="100%">
            <Table.Tbody>
              <DetailRow labelWidth={170} label="E-mail">
                {patient.email}
              </DetailRow>
              <DetailRow labelWidth={170} label="Phone">
                {profile?.phone ? <Anchor href={`tel:${profile.phone}`}>{profile.phone}</Anchor> : 'Not given'}
              </DetailRow>
              <DetailRow labelWidth={170} label="Date of birth">
                {profile?.date_of_birth ?? 'Not given'}
              </DetailRow>
              <DetailRow labelWidth={170} label="Home region">
                {profile?.region || 'Not given'}
              </DetailRow>
              <DetailRow labelWidth={170} label="Time zone">
                {profile?.timezone ?? 'Not given'}
              </DetailRow>
              <DetailRow labelWidth={170} label="Emergency contact">
                {profile?.emergency_contact_name
                  ? `${profile.emergency_contact_name}, ${profile.emergency_contact_phone}`
                  : 'Not given'}
              </DetailRow>
            </Table.Tbody>
          </Table>
          <Button onClick={() => setBooking(true)}>Book an appointment</Button>
        </Group>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <Stack gap="md">
            <IntakeSection patientId={patient.id} />
            <OutcomeSection patientId={patient.id} />
            <PlanSection patientId={patient.id} />
            <AppointmentsSection patientId={patient.id} />
          </Stack>
          <Stack gap="md">
            <AssessmentsSection patientId={patient.id} />
            <ConsentsSection patientId={patient.id} />
            <EscortSection patientId={patient.id} />
            <ReadingSection patientId={patient.id} />
            <PaymentsSection patientId={patient.id} />
            <NotificationsSection patientId={patient.id} />
          </Stack>
        </SimpleGrid>
      </Stack>
      <BookingDialog opened={booking} onClose={() => setBooking(false)} patient={patient} />
    </>
  )
}
