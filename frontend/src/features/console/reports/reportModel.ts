/** Turning the weekly report into what the page shows: chart rows, range totals and formatted figures. */
import { formatCalendarDate } from '../../../lib/time'
import type { ReportWeek } from './reportsApi'

export const WEEK_CHOICES = [4, 8, 13, 26] as const
export const DEFAULT_WEEKS = 8

/** "Mar 2": a week named by its Monday. */
export function weekLabel(weekStart: string): string {
  return formatCalendarDate(weekStart, { weekday: undefined, month: 'short' })
}

/** 0.333 → "33.3%"; no figure → "—". */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`
}

const moneyFormats = new Map<string, Intl.NumberFormat>()

/** An amount in minor units of `currency` (cents for USD, whole yen for JPY), written as money. */
export function formatMoney(minorUnits: number, currency: string): string {
  let format = moneyFormats.get(currency)
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency })
    moneyFormats.set(currency, format)
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2
  return format.format(minorUnits / 10 ** digits)
}

export function formatChange(change: number | null): string {
  if (change === null) {
    return '—'
  }
  return change > 0 ? `+${change.toFixed(1)}` : change.toFixed(1)
}

/** The PHQ-9 cell: the mean change, "withheld" for a small group, or "—" when nobody had both scores. */
export function outcomeText(week: ReportWeek, minimumN: number): string {
  if (week.phq9_suppressed) {
    return `Withheld (fewer than ${minimumN} patients)`
  }
  return formatChange(week.phq9_mean_change)
}

const ratio = (part: number, whole: number) => (whole ? part / whole : null)
const sum = (weeks: ReportWeek[], pick: (week: ReportWeek) => number) => weeks.reduce((t, w) => t + pick(w), 0)

export interface RangeSummary {
  booked: number
  cancelled: number
  noShowRate: number | null
  providerUtilization: number | null
  chairUtilization: number | null
  seriesCompleted: number
}

/** The range as a whole: counts added up, rates from the added-up counts (not averaged per week). */
export function summarize(weeks: ReportWeek[]): RangeSummary {
  const noShows = sum(weeks, (w) => w.no_shows)
  return {
    booked: sum(weeks, (w) => w.booked),
    cancelled: sum(weeks, (w) => w.cancelled_by_patient + w.cancelled_by_clinic),
    noShowRate: ratio(noShows, noShows + sum(weeks, (w) => w.completed)),
    providerUtilization: ratio(
      sum(weeks, (w) => w.provider_booked_minutes),
      sum(weeks, (w) => w.provider_available_minutes),
    ),
    chairUtilization: ratio(
      sum(weeks, (w) => w.chair_booked_minutes),
      sum(weeks, (w) => w.chair_available_minutes),
    ),
    seriesCompleted: sum(weeks, (w) => w.series_completed),
  }
}

/** Every currency any week took or refunded money in, alphabetically. */
export function currenciesOf(weeks: ReportWeek[]): string[] {
  return [...new Set(weeks.flatMap((week) => week.money.map((money) => money.currency)))].sort()
}

export function moneyOf(week: ReportWeek, currency: string): { revenue: number; refunds: number } {
  const money = week.money.find((entry) => entry.currency === currency)
  return { revenue: money?.revenue_cents ?? 0, refunds: money?.refunds_cents ?? 0 }
}

/** Percentages for the charts (rounded to one decimal); null leaves a gap rather than a false zero. */
export const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10)

/** Weeks with no appointment, no money and no completed induction: worth saying so in words. */
export function isQuiet(weeks: ReportWeek[]): boolean {
  return weeks.every((week) => week.booked === 0 && week.money.length === 0 && week.series_completed === 0)
}
