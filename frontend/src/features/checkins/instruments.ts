import type { Band, InstrumentCode, InstrumentTrend } from '../../lib/careApi'
import { formatIsoDate } from '../../lib/format'

/** PHQ-9 question 9 (thoughts of death or self-harm), as a 0-based index. */
export const SELF_HARM_ITEM_INDEX = 8

export const INSTRUMENT_TITLES: Record<InstrumentCode, { title: string; about: string }> = {
  phq9: {
    title: 'Mood check-in (PHQ-9)',
    about: 'Nine questions about your mood over the last two weeks. It takes about two minutes.',
  },
  gad7: {
    title: 'Anxiety check-in (GAD-7)',
    about: 'Seven questions about worry and anxiety over the last two weeks. It takes about two minutes.',
  },
}

export function isInstrumentCode(code: string | undefined): code is InstrumentCode {
  return code === 'phq9' || code === 'gad7'
}

export function bandFor(bands: Band[], score: number): Band | undefined {
  return bands.find((band) => band.low <= score && score <= band.high)
}

/** Whether these answers must open the crisis path: PHQ-9 question 9 answered above zero. */
export function suggestsDanger(instrument: InstrumentCode, answers: (number | null)[]): boolean {
  return instrument === 'phq9' && (answers[SELF_HARM_ITEM_INDEX] ?? 0) > 0
}

/** One sentence that says what the chart shows, for people who can't see it. */
export function chartSummary(trend: InstrumentTrend): string {
  const first = trend.points[0]
  const last = trend.points[trend.points.length - 1]
  if (trend.points.length === 1) {
    return `${trend.name}: one check-in, a score of ${first.total_score} on ${formatIsoDate(first.taken_at)}.`
  }
  return (
    `${trend.name} scores over ${trend.points.length} check-ins: ` +
    `${first.total_score} on ${formatIsoDate(first.taken_at)}, ` +
    `most recently ${last.total_score} on ${formatIsoDate(last.taken_at)}. ` +
    'The table below lists every score.'
  )
}
