/** Times of day in availability settings are the clinic's wall clock, "HH:MM" (no date, no zone). */

import type { Weekday } from './availabilityApi'

export const WEEKDAYS: { value: Weekday; label: string }[] = [
  { value: 0, label: 'Monday' },
  { value: 1, label: 'Tuesday' },
  { value: 2, label: 'Wednesday' },
  { value: 3, label: 'Thursday' },
  { value: 4, label: 'Friday' },
  { value: 5, label: 'Saturday' },
  { value: 6, label: 'Sunday' },
]

/** "13:30" → "1:30 PM". */
export function formatWallTime(time: string): string {
  const [hours, minutes] = time.split(':').map(Number)
  const suffix = hours < 12 ? 'AM' : 'PM'
  return `${hours % 12 === 0 ? 12 : hours % 12}:${String(minutes).padStart(2, '0')} ${suffix}`
}

/** "13:00", "17:30" → "1:00 PM – 5:30 PM". */
export function formatWallSpan(start: string, end: string): string {
  return `${formatWallTime(start)} – ${formatWallTime(end)}`
}

/** "2026-03-09" → "Mon, Mar 9, 2026" (a calendar date: no zone is involved). */
export function formatCalendarDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  })
}
