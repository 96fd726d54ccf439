import { Anchor, Badge, List, Progress, Stack, Table, Text } from '@mantine/core'
import { Link } from 'react-router'
import { LoadingState } from '../../../components/LoadingState'
import { consoleApi, hasCode, usePatientPart } from '../api'
import { useConsoleClinic } from '../clinics'
import { QueryStatus } from '../components/QueryStatus'
import { ConsoleErrorAlert } from '../components/ConsoleErrorAlert'
import { ScrollRegion } from '../components/ScrollRegion'
import { Section } from '../components/Section'
import { consolePaths } from '../consolePaths'
import { formatDateTime, formatDay } from '../time'

/** Which consent documents (current versions of the organisation's) the patient has signed. */
export function ConsentsSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const consents = usePatientPart(clinic.slug, patientId, 'consents', () => consoleApi.consents(clinic.slug, patientId))
  return (
    <Section id="consents" title="Consents">
      <QueryStatus query={consents} loading="Loading consents…" />
      {consents.data &&
        (consents.data.documents.length === 0 ? (
          <Text>{consents.data.organization} has no consent documents published.</Text>
        ) : (
          <ScrollRegion label="Table of consents" minWidth={300}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Document</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {consents.data.documents.map((document) => (
                  <Table.Tr key={document.id}>
                    <Table.Td>
                      {document.title} (version {document.version})
                    </Table.Td>
                    <Table.Td>
                      {document.signed_at ? (
                        `Signed ${formatDay(document.signed_at, clinic.timezone)}`
                      ) : (
                        <Badge miw="max-content" color="red.9" variant="outline" tt="none" radius="sm">
                          <span aria-hidden>✕ </span>
                          {document.earlier_version_signed ? 'New version not signed yet' : 'Not signed'}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        ))}
    </Section>
  )
}

/** The adult who takes the patient home after dosing, and the patient's no-driving acknowledgement. */
export function EscortSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const escort = usePatientPart(clinic.slug, patientId, 'escort', () => consoleApi.escort(clinic.slug, patientId))
  return (
    <Section id="escort" title="Ride home">
      {escort.isPending && <LoadingState label="Loading the escort…" />}
      {escort.isError &&
        (hasCode(escort.error, 'no_escort') ? (
          <Text>
            <span aria-hidden>! </span>No escort named yet. Dosing sessions need one.
          </Text>
        ) : (
          <ConsoleErrorAlert error={escort.error} onRetry={() => void escort.refetch()} />
        ))}
      {escort.data && (
        <Stack gap={2}>
          <Text>
            {escort.data.name}, <Anchor href={`tel:${escort.data.phone}`}>{escort.data.phone}</Anchor>
          </Text>
          <Text size="sm">
            Patient confirmed they won’t drive after a session on{' '}
            {formatDateTime(escort.data.no_driving_acknowledged_at, clinic.timezone)}.
          </Text>
        </Stack>
      )}
    </Section>
  )
}

/** The reading this clinic assigned and how far the patient got, including the preparation for a first dose. */
export function ReadingSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const reading = usePatientPart(clinic.slug, patientId, 'reading', () => consoleApi.reading(clinic.slug, patientId))
  const data = reading.data
  return (
    <Section id="reading" title="Reading">
      <QueryStatus query={reading} loading="Loading reading progress…" />
      {data && (
        <Stack gap="sm">
          {data.progress.assigned === 0 ? (
            <Text>Nothing assigned yet.</Text>
          ) : (
            <>
              <Text>
                {data.progress.read} of {data.progress.assigned} assigned articles read.
              </Text>
              <Progress
                value={(data.progress.read / data.progress.assigned) * 100}
                aria-label="Assigned reading done"
                size="md"
              />
            </>
          )}
          {data.first_dose_preparation.articles.length > 0 && (
            <Text size="sm">
              Preparation for a first dose:{' '}
              <strong>{data.first_dose_preparation.complete ? 'all read' : 'not finished'}</strong>
            </Text>
          )}
          {data.assignments.length > 0 && (
            <List size="sm" spacing={2}>
              {data.assignments.map((assignment) => (
                <List.Item key={assignment.article.slug}>
                  <span aria-hidden>{assignment.read_at ? '✓ ' : '○ '}</span>
                  {assignment.article.title}
                  {assignment.read_at
                    ? ` (read ${formatDay(assignment.read_at, clinic.timezone)})`
                    : assignment.due_at
                      ? ` (unread, due ${formatDay(assignment.due_at, clinic.timezone)})`
                      : ' (unread)'}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      )}
    </Section>
  )
}

/** The delivery log cannot be filtered by recipient yet, so the page points to the clinic's whole log. */
export function MessagesSection() {
  const clinic = useConsoleClinic()
  return (
    <Section id="messages" title="Messages sent">
      <Text size="sm">
        Reminders and other messages are listed in the{' '}
        <Anchor component={Link} to={consolePaths.deliveryLog(clinic.slug)}>
          clinic’s delivery log
        </Anchor>
        , by recipient e-mail address.
      </Text>
    </Section>
  )
}
