import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ErrorAlert } from '../../../components/ErrorAlert'
import { PageTitle } from '../../../components/PageTitle'
import { QueryState } from '../../../components/QueryState'
import { errorMessage } from '../../../lib/http'
import { formatCalendarDate, formatDateTime } from '../../../lib/time'
import { LINK_STATE_LABELS, type ShareSection } from '../../careTeam/careTeamApi'
import { hasCode } from '../api'
import { mayShareSummaries, useConsoleClinic } from '../clinics'
import { patientName } from '../patients/patientName'
import { outsideCareApi, outsideCareKeys, type SharingPatient, type StaffSummary } from './outsideCareApi'

/** The sections as the clinic names them (the patient's page speaks to the patient). */
const SECTION_LABELS: Record<ShareSection, string> = {
  attendance: 'attendance and the treatment plan',
  assessments: 'PHQ-9 and GAD-7 scores',
  side_effects: 'side effects noted at sessions',
}

const EMAIL_STATUS_LABELS: Record<StaffSummary['email_status'], string> = {
  pending: 'E-mail being sent',
  sent: 'E-mail sent',
  failed: 'E-mail failed',
  cancelled: 'Not sent (consent ended)',
}

export function OutsideCarePage() {
  const clinic = useConsoleClinic()
  if (!mayShareSummaries(clinic)) {
    return (
      <>
        <PageTitle>Outside care team</PageTitle>
        <Text>Progress summaries are shared by the clinic’s providers and admins.</Text>
      </>
    )
  }
  return <SharingPatients />
}

function SharingPatients() {
  const clinic = useConsoleClinic()
  const patients = useQuery({
    queryKey: outsideCareKeys.patients(clinic.slug),
    queryFn: () => outsideCareApi.patients(clinic.slug),
  })
  return (
    <>
      <PageTitle>Outside care team</PageTitle>
      <Stack gap="md">
        <Text size="sm">
          Patients who allow the clinic to share a progress summary with their outside provider. A summary contains only
          what the patient chose; it goes as a link that can be downloaded once and expires after a few days.
        </Text>
        <QueryState query={patients} loading="Loading patients…" failed="We couldn’t load the patients" />
        {patients.data?.length === 0 && (
          <Text role="status">No patient of this clinic has given consent to share at the moment.</Text>
        )}
        {patients.data && patients.data.length > 0 && (
          <Stack component="ul" gap="md" p={0} m={0} style={{ listStyle: 'none' }}>
            {patients.data.map((patient) => (
              <li key={patient.id}>
                <PatientCard patient={patient} />
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </>
  )
}

function PatientCard({ patient }: { patient: SharingPatient }) {
  const clinic = useConsoleClinic()
  const [sending, setSending] = useState(false)
  const preview = useMutation({ mutationFn: () => outsideCareApi.preview(clinic.slug, patient.id) })
  const headingId = `sharing-${patient.id}`
  const { consent } = patient
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={headingId}>
          {patientName(patient)}
        </Title>
        <Text size="sm">
          Shares with {consent.provider_name} ({consent.provider_practice}, {consent.provider_email}) until the end of{' '}
          {formatCalendarDate(consent.valid_until, { weekday: undefined, year: 'numeric' })}.
        </Text>
        <Text size="sm">Allowed: {consent.sections.map((section) => SECTION_LABELS[section]).join(', ')}.</Text>
        <Group gap="xs">
          <Button variant="default" onClick={() => preview.mutate()} loading={preview.isPending}>
            Preview the PDF
          </Button>
          <Button onClick={() => setSending(true)}>Send a summary</Button>
        </Group>
        <ErrorAlert message={preview.error ? errorMessage(preview.error) : null} />
        <SummaryTable summaries={patient.summaries} name={patientName(patient)} />
      </Stack>
      <SendDialog patient={patient} opened={sending} onClose={() => setSending(false)} />
    </Paper>
  )
}

function SummaryTable({ summaries, name }: { summaries: StaffSummary[]; name: string }) {
  const clinic = useConsoleClinic()
  if (summaries.length === 0) {
    return <Text size="sm">No summary sent from this clinic yet.</Text>
  }
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped>
        <Table.Caption>Summaries sent for {name}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Sent</Table.Th>
            <Table.Th scope="col">By</Table.Th>
            <Table.Th scope="col">E-mail</Table.Th>
            <Table.Th scope="col">Link</Table.Th>
            <Table.Th scope="col">Expires</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {summaries.map((summary) => (
            <Table.Tr key={summary.id}>
              <Table.Td>{formatDateTime(summary.created_at, clinic.timezone)}</Table.Td>
              <Table.Td>{summary.sent_by}</Table.Td>
              <Table.Td>{EMAIL_STATUS_LABELS[summary.email_status]}</Table.Td>
              <Table.Td>
                <Badge variant="outline" color="gray.8" tt="none">
                  {summary.downloaded_at
                    ? `Opened ${formatDateTime(summary.downloaded_at, clinic.timezone)}`
                    : LINK_STATE_LABELS[summary.link_state]}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDateTime(summary.link_expires_at, clinic.timezone)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function SendDialog({ patient, opened, onClose }: { patient: SharingPatient; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Send a progress summary">
      {/* Mounted per opening: each decision to send gets its own Idempotency-Key. */}
      {opened && <SendForm patient={patient} onClose={onClose} />}
    </Modal>
  )
}

function SendForm({ patient, onClose }: { patient: SharingPatient; onClose: () => void }) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const refresh = () => queryClient.invalidateQueries({ queryKey: outsideCareKeys.patients(clinic.slug) })
  const send = useMutation({
    mutationFn: () => outsideCareApi.send(clinic.slug, patient.id, idempotencyKey),
    onSuccess: async () => {
      await refresh()
      notifications.show({ color: 'teal', message: `Summary for ${patientName(patient)} sent.` })
      onClose()
    },
    // The patient revoked or changed their consent meanwhile: show the list as it now is.
    onError: (error) => hasCode(error, 'no_sharing_consent') && void refresh(),
  })
  return (
    <Stack gap="sm">
      <Text size="sm">
        {patient.consent.provider_name} will get an e-mail at {patient.consent.provider_email} with a link to download
        the summary once, within a few days. The e-mail itself says nothing about the patient.
      </Text>
      <Alert variant="light" color="blue">
        Preview the PDF first if you have not: it contains only what the patient allowed.
      </Alert>
      <ErrorAlert message={send.error ? errorMessage(send.error) : null} />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => send.mutate()} loading={send.isPending}>
          Send the summary
        </Button>
      </Group>
    </Stack>
  )
}
