import { Anchor, Badge, Group, List, Progress, Stack, Table, Text } from '@mantine/core'
import { Link } from 'react-router'
import { LoadingState } from '../../../components/LoadingState'
import { consoleApi, hasCode, usePatientPages, usePatientPart } from '../api'
import { useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { Section } from '../components/Section'
import { ShowMoreButton } from '../../../components/ShowMoreButton'
import { DeliveryStatusBadge } from '../deliveries/DeliveryStatusBadge'
import { CHANNEL_LABELS, KIND_LABELS } from '../deliveries/deliveryTerms'
import { consolePaths } from '../consolePaths'
import { formatDateTime, formatDay } from '../../../lib/time'
import { ApiErrorAlert } from '../../../components/ErrorAlert'

/** Which consent documents (current versions of the organisation's) the patient has signed. */
export function ConsentsSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const consents = usePatientPart(clinic.slug, patientId, 'consents', () => consoleApi.consents(clinic.slug, patientId))
  return (
    <Section id="consents" title="Consents">
      <QueryState query={consents} loading="Loading consents…" />
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
          <ApiErrorAlert error={escort.error} onRetry={() => void escort.refetch()} />
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
      <QueryState query={reading} loading="Loading reading progress…" />
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

/** What the clinic sent the patient (reminders, confirmations, check-ins), newest first. */
export function NotificationsSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const messages = usePatientPages(clinic.slug, patientId, 'notifications', (page) =>
    consoleApi.patientNotifications(clinic.slug, patientId, page),
  )
  const rows = messages.data?.pages.flatMap((page) => page.results) ?? []
  const count = messages.data?.pages[0].count ?? 0
  return (
    <Section id="notifications" title="Notifications sent">
      <Stack gap="xs">
        <QueryState query={messages} loading="Loading messages…" />
        {messages.data && count === 0 && <Text size="sm">No messages sent yet.</Text>}
        {rows.length > 0 && (
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Messages">
            {rows.map((message) => (
              <li key={message.id}>
                <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <Text size="sm" fw={600}>
                      {KIND_LABELS[message.kind] ?? message.kind}
                    </Text>
                    <Text size="sm">
                      {CHANNEL_LABELS[message.channel]},{' '}
                      {formatDateTime(message.sent_at ?? message.due_at, clinic.timezone)}
                      {message.last_error && ` — ${message.last_error}`}
                    </Text>
                  </div>
                  <DeliveryStatusBadge status={message.status} />
                </Group>
              </li>
            ))}
          </Stack>
        )}
        <ShowMoreButton query={messages} label="Show more messages" shown={rows.length} count={count} size="xs" />
        {rows.some((message) => message.status === 'failed') && (
          <Text size="sm">
            A failed message can be sent again from the{' '}
            <Anchor component={Link} to={`${consolePaths.deliveryLog(clinic.slug)}?status=failed`}>
              delivery log
            </Anchor>
            .
          </Text>
        )}
      </Stack>
    </Section>
  )
}
