import { Anchor, Stack, Table, Text } from '@mantine/core'
import { ScrollRegion } from '../components/ScrollRegion'
import { formatCalendarDate, formatMinutes } from '../../../lib/time'
import { AppointmentChip } from './AppointmentChip'
import type { ScheduleColumn, WeekRow } from './scheduleModel'

interface WeekTableProps {
  columns: Pick<ScheduleColumn, 'key' | 'kind' | 'title' | 'subtitle'>[]
  rows: WeekRow[]
  timeZone: string
  weekLabel: string
  onOpen: (appointmentId: string) => void
  onShowDay: (date: string) => void
}

/** A week at a glance: a row per day, a column per provider and chair, each cell that day's bookings. */
export function WeekTable({ columns, rows, timeZone, weekLabel, onOpen, onShowDay }: WeekTableProps) {
  if (columns.length === 0) {
    return <Text>No providers or chairs are set up at this clinic yet.</Text>
  }
  return (
    <ScrollRegion label={`Schedule for ${weekLabel}`} minWidth={110 + columns.length * 160} withBorder>
      <Table withColumnBorders verticalSpacing={4} horizontalSpacing={6} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>Day</Table.Th>
            {columns.map((column) => (
              <Table.Th key={column.key} scope="col">
                <Text size="sm" fw={700} lineClamp={1}>
                  {column.title}
                </Text>
                <Text size="xs" fw={400}>
                  {column.subtitle}
                </Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.date}>
              <Table.Th scope="row" style={{ verticalAlign: 'top' }}>
                <Anchor component="button" type="button" size="sm" fw={600} onClick={() => onShowDay(row.date)}>
                  {formatCalendarDate(row.date, { weekday: 'short', month: 'short', day: 'numeric' })}
                </Anchor>
              </Table.Th>
              {columns.map((column) => (
                <Table.Td key={column.key} style={{ verticalAlign: 'top' }}>
                  <Stack gap={4}>
                    {column.kind === 'provider' && (
                      <Text size="xs">
                        {row.hours[column.key]?.length
                          ? row.hours[column.key]
                              .map((span) => `${formatMinutes(span.from)}–${formatMinutes(span.to)}`)
                              .join(', ')
                          : 'Not working'}
                      </Text>
                    )}
                    {row.cells[column.key]?.length > 0 && (
                      <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
                        {row.cells[column.key].map((visit) => (
                          <li key={visit.appointment.id}>
                            <AppointmentChip
                              visit={visit}
                              timeZone={timeZone}
                              until={column.kind === 'chair' ? 'visit_end' : 'end'}
                              onOpen={onOpen}
                              compact
                              style={{ width: '100%', textAlign: 'left' }}
                            />
                          </li>
                        ))}
                      </Stack>
                    )}
                  </Stack>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  )
}
