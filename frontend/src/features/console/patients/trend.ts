import type { InstrumentTrend } from '../api'
import { formatDay } from '../../../lib/time'

/** Chart points, oldest first, labelled with the clinic-local day each questionnaire was taken. */
export function trendChartData(trend: InstrumentTrend, timeZone: string) {
  return [...trend.points]
    .sort((a, b) => a.taken_at.localeCompare(b.taken_at))
    .map((point) => ({ date: formatDay(point.taken_at, timeZone), score: point.total_score }))
}
