/**
 * Times in the console are read in the clinic's own time zone, whatever the browser's zone is: a front
 * desk in Denver looking at the Brooklyn schedule sees Brooklyn's wall clock, labelled as such.
 * Dates without a time ("2026-03-08") are plain calendar dates and are handled as strings.
 */

const LOCALE = 'en-US'

export interface WallClockReading {
  /** YYYY-MM-DD in the zone */
  date: string
  /** Minutes since local midnight in the zone */
  minutes: number
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>()

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(LOCALE, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    partsFormatters.set(timeZone, formatter)
  }
  return formatter
}

/** The calendar date and time of day of an instant, as a wall clock in `timeZone` reads it. */
export function wallClock(instant: string | Date, timeZone: string): WallClockReading {
  const parts = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  )
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  }
}

/** Today's date on the clinic's wall calendar. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return wallClock(now, timeZone).date
}

/** "9:05 AM" in the zone. */
export function formatTime(instant: string | Date, timeZone: string): string {
  return new Date(instant).toLocaleTimeString(LOCALE, { timeZone, hour: 'numeric', minute: '2-digit' })
}

/** "Thu, Mar 5, 9:05 AM MST": a date and time with the zone's abbreviation, for one-off mentions. */
export function formatDateTime(instant: string | Date, timeZone: string): string {
  return new Date(instant).toLocaleString(LOCALE, {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  })
}

/** "Mar 5, 2026" for an instant, read in the zone. */
export function formatDay(instant: string | Date, timeZone: string): string {
  return new Date(instant).toLocaleDateString(LOCALE, { timeZone, dateStyle: 'medium' })
}

/** The zone's abbreviation at an instant ("EST" in winter, "EDT" in summer). */
export function zoneAbbreviation(timeZone: string, at: string | Date = new Date()): string {
  const parts = new Intl.DateTimeFormat(LOCALE, { timeZone, timeZoneName: 'short' }).formatToParts(new Date(at))
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone
}

/** "08:30" → minutes since midnight; a clock reading from the API's wall-clock `local` field. */
export function minutesOfLocal(local: string): number {
  const [hours, minutes] = local.slice(11, 16).split(':').map(Number)
  return hours * 60 + minutes
}

/** "9 AM" / "9:30 AM" for minutes since midnight (a label on the schedule's time axis). */
export function formatMinutes(minutes: number): string {
  const hours24 = Math.floor(minutes / 60) % 24
  const rest = minutes % 60
  const suffix = hours24 < 12 ? 'AM' : 'PM'
  const hours12 = hours24 % 12 === 0 ? 12 : hours24 % 12
  return rest === 0 ? `${hours12} ${suffix}` : `${hours12}:${String(rest).padStart(2, '0')} ${suffix}`
}

// Calendar-date arithmetic on "YYYY-MM-DD" strings, done in UTC so no zone or DST shifts a day.

function toUtcDate(date: string): Date {
  const [year, month, day] = date.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, day))
}

function fromUtcDate(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  const result = toUtcDate(date)
  result.setUTCDate(result.getUTCDate() + days)
  return fromUtcDate(result)
}

/** The Monday of the week that holds `date`. */
export function startOfWeek(date: string): string {
  const weekday = (toUtcDate(date).getUTCDay() + 6) % 7
  return addDays(date, -weekday)
}

/** "Monday, March 9" for a calendar date. */
export function formatCalendarDate(date: string, options: Intl.DateTimeFormatOptions = {}): string {
  return toUtcDate(date).toLocaleDateString(LOCALE, {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...options,
  })
}

export function isCalendarDate(value: string | null): value is string {
  // "2026-02-31" parses, as March 3: only a date that survives the round trip is real.
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && fromUtcDate(toUtcDate(value)) === value
}

/**
 * The instant a wall clock in `timeZone` reads `minutes` past midnight on `date` (ISO text, UTC). The
 * zone's offset is found by reading a guess back (a time the spring change skips comes out an hour off).
 */
export function instantAt(date: string, minutes: number, timeZone: string): string {
  const wanted = toUtcDate(date).getTime() + minutes * 60_000
  let guess = wanted
  for (let step = 0; step < 2; step += 1) {
    const read = wallClock(new Date(guess), timeZone)
    guess += wanted - (toUtcDate(read.date).getTime() + read.minutes * 60_000)
  }
  return new Date(guess).toISOString()
}
