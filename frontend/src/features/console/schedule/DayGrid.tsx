import { Box, Text, Title, VisuallyHidden } from '@mantine/core'
import { ScrollRegion } from '../components/ScrollRegion'
import { formatMinutes } from '../../../lib/time'
import type { ScheduleColumn, Span } from './scheduleModel'
import { AppointmentChip } from './AppointmentChip'

// 1.2 px a minute: a 15-minute step is 18 px tall, an hour 72 px; dense, and still legible.
const PX_PER_MINUTE = 1.2
const COLUMN_MIN_WIDTH = 150
const AXIS_WIDTH = 64
const HEADER_HEIGHT = 52

interface DayGridProps {
  columns: ScheduleColumn[]
  range: Span
  timeZone: string
  dateLabel: string
  onOpen: (appointmentId: string) => void
}

const top = (minutes: number, range: Span) => (minutes - range.from) * PX_PER_MINUTE

/** The day across providers and chairs, one column each, on the clinic's time axis. */
export function DayGrid({ columns, range, timeZone, dateLabel, onOpen }: DayGridProps) {
  const height = (range.to - range.from) * PX_PER_MINUTE
  const hours = Array.from({ length: (range.to - range.from) / 60 }, (_, index) => range.from + index * 60)
  const hourLines = `repeating-linear-gradient(to bottom, var(--mantine-color-gray-3) 0 1px, transparent 1px ${60 * PX_PER_MINUTE}px)`

  if (columns.length === 0) {
    return <Text>No providers or chairs are set up at this clinic yet.</Text>
  }
  return (
    <ScrollRegion
      label={`Schedule for ${dateLabel}`}
      minWidth={AXIS_WIDTH + columns.length * COLUMN_MIN_WIDTH}
      withBorder
    >
      <Box style={{ display: 'flex' }}>
        <Box aria-hidden style={{ width: AXIS_WIDTH, flex: 'none', position: 'relative', paddingTop: HEADER_HEIGHT }}>
          <Box style={{ position: 'relative', height }}>
            {hours.map((minutes) => (
              <Text key={minutes} size="xs" style={{ position: 'absolute', top: top(minutes, range) - 8, right: 6 }}>
                {formatMinutes(minutes)}
              </Text>
            ))}
          </Box>
        </Box>
        {columns.map((column) => (
          <Box
            component="section"
            key={column.key}
            aria-labelledby={`${column.key}-heading`}
            style={{ flex: `1 0 ${COLUMN_MIN_WIDTH}px`, borderLeft: '1px solid var(--mantine-color-gray-3)' }}
          >
            <Box h={HEADER_HEIGHT} px={6} py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
              <Title order={3} size="sm" id={`${column.key}-heading`} lineClamp={1}>
                {column.title}
              </Title>
              <Text size="xs">{column.subtitle}</Text>
            </Box>
            <Box
              style={{
                position: 'relative',
                height,
                backgroundColor: column.kind === 'provider' ? 'var(--mantine-color-gray-1)' : undefined,
              }}
            >
              {column.hours.map((span) => (
                <Box
                  key={span.from}
                  aria-hidden
                  style={{
                    position: 'absolute',
                    top: top(Math.max(span.from, range.from), range),
                    height: (Math.min(span.to, range.to) - Math.max(span.from, range.from)) * PX_PER_MINUTE,
                    left: 0,
                    right: 0,
                    backgroundColor: 'var(--mantine-color-white)',
                  }}
                />
              ))}
              <Box aria-hidden style={{ position: 'absolute', inset: 0, backgroundImage: hourLines }} />
              {column.kind === 'provider' && (
                <VisuallyHidden>
                  {column.hours.length
                    ? `Works ${column.hours.map((span) => `${formatMinutes(span.from)} to ${formatMinutes(span.to)}`).join(' and ')}`
                    : 'Not working at this clinic today'}
                </VisuallyHidden>
              )}
              <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
                {column.entries.map((entry) => (
                  <li key={entry.visit.appointment.id}>
                    <AppointmentChip
                      visit={entry.visit}
                      timeZone={timeZone}
                      until={column.kind === 'chair' ? 'visit_end' : 'end'}
                      onOpen={onOpen}
                      style={{
                        position: 'absolute',
                        top: top(entry.from, range) + 1,
                        height: Math.max((entry.to - entry.from) * PX_PER_MINUTE - 2, 20),
                        left: `calc(${(entry.lane / entry.lanes) * 100}% + 3px)`,
                        width: `calc(${100 / entry.lanes}% - 6px)`,
                      }}
                    />
                  </li>
                ))}
              </Box>
            </Box>
          </Box>
        ))}
      </Box>
    </ScrollRegion>
  )
}
