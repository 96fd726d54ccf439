import { Button, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { ErrorAlert } from '../../../components/ErrorAlert'
import { PageTitle } from '../../../components/PageTitle'
import { errorMessage } from '../../../lib/http'
import { consoleApi, consoleKeys, type DeliveryLogEntry, type DeliveryStatus } from '../api'
import { useConsoleClinic } from '../clinics'
import { ListPagination } from '../components/ListPagination'
import { QueryState } from '../../../components/QueryState'
import { usePageParam } from '../components/usePageParam'
import { ScrollRegion } from '../components/ScrollRegion'
import { formatDateTime } from '../../../lib/time'
import { CHANNEL_LABELS, DELIVERY_STATUS, KIND_LABELS } from './deliveryTerms'
import { DeliveryStatusBadge } from './DeliveryStatusBadge'

const ALL = 'all'

/** Every message the clinic's patients and staff were sent (or were due to be), newest first. */
export function DeliveryLogPage() {
  const clinic = useConsoleClinic()
  const [params, setParams] = useSearchParams()
  const requested = params.get('status')
  const status = requested && requested in DELIVERY_STATUS ? (requested as DeliveryStatus) : undefined
  const page = usePageParam()
  const log = useQuery({
    queryKey: consoleKeys.deliveryLogPage(clinic.slug, status, page),
    queryFn: () => consoleApi.deliveryLog(clinic.slug, status, page),
    placeholderData: keepPreviousData,
  })

  return (
    <>
      <PageTitle>Delivery log</PageTitle>
      <Stack gap="md">
        <Select
          label="Status"
          data={[
            { value: ALL, label: 'All messages' },
            ...(Object.keys(DELIVERY_STATUS) as DeliveryStatus[]).map((value) => ({
              value,
              label: DELIVERY_STATUS[value].label,
            })),
          ]}
          value={status ?? ALL}
          onChange={(next) => setParams(next && next !== ALL ? { status: next } : {})}
          allowDeselect={false}
          w={{ base: '100%', xs: 240 }}
        />
        <QueryState query={log} loading="Loading the delivery log…" failed="We couldn’t load the delivery log" />
        {log.data && log.data.count === 0 && <Text role="status">No messages{status ? ' with this status' : ''}.</Text>}
        {log.data && log.data.count > 0 && (
          <ScrollRegion label="Table of messages" minWidth={900}>
            <Table striped verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>Recipient</Table.Th>
                  <Table.Th>Message</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Sent</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Problem</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Action</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {log.data.results.map((entry) => (
                  <DeliveryRow key={entry.id} entry={entry} />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
        <ListPagination count={log.data?.count} />
      </Stack>
    </>
  )
}

function DeliveryRow({ entry }: { entry: DeliveryLogEntry }) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const resend = useMutation({
    mutationFn: () => consoleApi.resend(clinic.slug, entry.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: consoleKeys.deliveryLog(clinic.slug) })
      notifications.show({ color: 'teal', message: `Sending again to ${entry.recipient_email}.` })
    },
  })
  const failed = entry.status === 'failed'
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(entry.due_at, clinic.timezone)}</Table.Td>
      <Table.Td>{entry.recipient_email}</Table.Td>
      <Table.Td>{KIND_LABELS[entry.kind] ?? entry.kind}</Table.Td>
      <Table.Td>{CHANNEL_LABELS[entry.channel]}</Table.Td>
      <Table.Td>
        <DeliveryStatusBadge status={entry.status} />
      </Table.Td>
      <Table.Td>{entry.sent_at ? formatDateTime(entry.sent_at, clinic.timezone) : '—'}</Table.Td>
      <Table.Td>{entry.attempts}</Table.Td>
      <Table.Td>{entry.last_error || '—'}</Table.Td>
      <Table.Td>
        {failed && (
          <Stack gap={4}>
            <Button
              size="compact-sm"
              onClick={() => resend.mutate()}
              loading={resend.isPending}
              aria-label={`Resend the ${(KIND_LABELS[entry.kind] ?? entry.kind).toLowerCase()} to ${entry.recipient_email}`}
            >
              Resend
            </Button>
            <ErrorAlert message={resend.error ? errorMessage(resend.error) : null} />
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  )
}
