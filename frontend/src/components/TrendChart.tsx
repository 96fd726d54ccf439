import { Box } from '@mantine/core'
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts'
import { evergreen } from '../app/theme'
import type { InstrumentTrend } from '../lib/careApi'
import { formatShortDate } from '../lib/format'

const DAY_MS = 24 * 60 * 60 * 1000

// Light, calm tints from mild to severe: the bands are context, not alarms.
const BAND_FILLS = ['#eef7f4', '#f4f7e9', '#fbf5e4', '#fbeee4', '#f8e6e3']

export interface TrendChartProps {
  trend: InstrumentTrend
  /** Treatment session start instants (ISO 8601, UTC), drawn as dashed vertical lines. */
  sessions: string[]
  /** What the chart shows, in words: read instead of the picture (the table beside it has every value). */
  summary: string
  /** The zone the axis dates are read in (the clinic's, in the console); the browser's when left out. */
  timeZone?: string
  /** Height in pixels. */
  height?: number
}

/**
 * A PHQ-9/GAD-7 trend: scores over time on the instrument's severity bands (shaded), with treatment sessions
 * marked. It is one image to assistive technology, named by `summary`; pair it with a table of the scores.
 */
export function TrendChart({ trend, sessions, summary, timeZone, height = 280 }: TrendChartProps) {
  const data = [...trend.points]
    .sort((a, b) => a.taken_at.localeCompare(b.taken_at))
    .map((point) => ({ time: Date.parse(point.taken_at), score: point.total_score }))
  const formatTick = timeZone
    ? (time: number) => new Date(time).toLocaleDateString(undefined, { timeZone, month: 'short', day: 'numeric' })
    : formatShortDate
  const times = [...data.map((point) => point.time), ...sessions.map((session) => Date.parse(session))]
  // A single check-in still gets a readable axis: a day either side.
  const domain = [Math.min(...times) - DAY_MS, Math.max(...times) + DAY_MS]

  return (
    <Box role="img" aria-label={summary} h={height}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: -16 }} accessibilityLayer={false}>
          {trend.bands.map((band, index) => (
            <ReferenceArea
              key={band.severity}
              y1={band.low === 0 ? 0 : band.low - 0.5}
              y2={band.high === trend.max_score ? band.high : band.high + 0.5}
              fill={BAND_FILLS[Math.min(index, BAND_FILLS.length - 1)]}
              fillOpacity={1}
              ifOverflow="hidden"
              label={{ value: band.label, position: 'insideTopRight', fontSize: 11, fill: '#495057' }}
            />
          ))}
          <CartesianGrid stroke="#dee2e6" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={domain}
            tickFormatter={formatTick}
            tick={{ fontSize: 12, fill: '#495057' }}
          />
          <YAxis domain={[0, trend.max_score]} allowDecimals={false} tick={{ fontSize: 12, fill: '#495057' }} />
          {sessions.map((session) => (
            <ReferenceLine key={session} x={Date.parse(session)} stroke="#5c7cfa" strokeDasharray="4 4" />
          ))}
          <Line
            dataKey="score"
            type="linear"
            stroke={evergreen[7]}
            strokeWidth={2.5}
            dot={{ r: 4, fill: evergreen[7] }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  )
}
