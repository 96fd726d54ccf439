/** Canned report weeks for the reports' tests. */
import type { ReportWeek } from './reportsApi'

export function reportWeek(weekStart: string, overrides: Partial<ReportWeek> = {}): ReportWeek {
  return {
    week_start: weekStart,
    booked: 0,
    cancelled_by_patient: 0,
    cancelled_by_clinic: 0,
    no_shows: 0,
    completed: 0,
    no_show_rate: null,
    provider_booked_minutes: 0,
    provider_available_minutes: 0,
    provider_utilization: null,
    chair_booked_minutes: 0,
    chair_available_minutes: 0,
    chair_utilization: null,
    money: [],
    series_completed: 0,
    phq9_n: 0,
    phq9_mean_change: null,
    phq9_suppressed: false,
    ...overrides,
  }
}
