/**
 * Pure layout of a clinic schedule: which appointments go in which column (providers, then chairs),
 * where on the day's time axis they sit, and what a week looks like. Every time is read on the clinic's
 * wall clock, so the grid is the clinic's day whatever zone the browser is in.
 */
import type { Schedule, ScheduleAppointment, ScheduleProvider } from '../api'
import { wallClock } from '../../../lib/time'

const DAY_MINUTES = 24 * 60

export interface Span {
  /** Minutes since the local midnight of the day shown. */
  from: number
  to: number
}

/** An appointment with the names the schedule lists once for all its appointments. */
export interface Visit {
  appointment: ScheduleAppointment
  providerName: string
  serviceName: string
}

export interface PlacedVisit extends Span {
  visit: Visit
  /** Side-by-side lanes for appointments that overlap in one column (e.g. with cancelled ones shown). */
  lane: number
  lanes: number
}

export interface ScheduleColumn {
  key: string
  kind: 'provider' | 'chair'
  title: string
  subtitle: string
  /** A provider's working hours at this clinic on the day; empty for chairs. */
  hours: Span[]
  entries: PlacedVisit[]
}

/** How the schedule says a dose's ride home stands; null when all is well or it is not a dose. */
export function rideHomeWarning(appointment: Pick<ScheduleAppointment, 'status' | 'ride_home'>): string | null {
  if (appointment.status === 'cancelled') return null
  if (appointment.ride_home === 'needs_help') return 'Needs help getting home'
  if (appointment.ride_home === 'not_confirmed') return 'Ride home not confirmed'
  return null
}

/** Each provider with their appointments as visits, in the schedule's order. */
function providerVisits(schedule: Schedule): { provider: ScheduleProvider; visits: Visit[] }[] {
  const serviceNames = new Map(schedule.services.map((service) => [service.slug, service.name]))
  return schedule.providers.map((provider) => ({
    provider,
    visits: provider.appointments.map((appointment) => ({
      appointment,
      providerName: provider.display_name,
      serviceName: serviceNames.get(appointment.service) ?? appointment.service,
    })),
  }))
}

/** The part of [start, end) that falls on `date` in `timeZone`, or null when none of it does. */
export function spanOnDay(start: string, end: string, date: string, timeZone: string): Span | null {
  const from = wallClock(start, timeZone)
  const to = wallClock(end, timeZone)
  if (from.date > date || to.date < date) {
    return null
  }
  const span = {
    from: from.date < date ? 0 : from.minutes,
    to: to.date > date ? DAY_MINUTES : to.minutes,
  }
  return span.to > span.from ? span : null
}

/** Greedy lanes: each appointment takes the first lane free at its start. */
function placeInLanes(spans: (Span & { visit: Visit })[]): PlacedVisit[] {
  const sorted = [...spans].sort((a, b) => a.from - b.from || b.to - a.to)
  const laneEnds: number[] = []
  const placed = sorted.map((span) => {
    let lane = laneEnds.findIndex((end) => end <= span.from)
    if (lane === -1) {
      lane = laneEnds.length
      laneEnds.push(span.to)
    } else {
      laneEnds[lane] = span.to
    }
    return { ...span, lane, lanes: 1 }
  })
  // Appointments that overlap share the width of the widest group they belong to.
  for (const entry of placed) {
    entry.lanes = Math.max(
      ...placed.filter((other) => other.from < entry.to && entry.from < other.to).map((other) => other.lane + 1),
    )
  }
  return placed
}

/**
 * One column per provider (their session: start to end) and per chair (the chair is taken until the
 * patient's recovery ends), for one local date.
 */
export function dayColumns(schedule: Schedule, date: string): ScheduleColumn[] {
  const zone = schedule.timezone
  const onDay = (visit: Visit, end: string) => {
    const span = spanOnDay(visit.appointment.start, end, date, zone)
    return span ? [{ ...span, visit }] : []
  }
  const byProvider = providerVisits(schedule)

  const providers: ScheduleColumn[] = byProvider.map(({ provider, visits }) => ({
    key: `provider-${provider.id}`,
    kind: 'provider',
    title: provider.display_name,
    subtitle: provider.credentials ? `Provider, ${provider.credentials}` : 'Provider',
    hours: provider.hours.flatMap((span) => spanOnDay(span.start, span.end, date, zone) ?? []),
    entries: placeInLanes(visits.flatMap((visit) => onDay(visit, visit.appointment.end))),
  }))
  const everyVisit = byProvider.flatMap(({ visits }) => visits)
  const chairs: ScheduleColumn[] = schedule.chairs.map((chair) => ({
    key: `chair-${chair.id}`,
    kind: 'chair',
    title: chair.name,
    subtitle: 'Chair',
    hours: [],
    entries: placeInLanes(
      everyVisit
        .filter((visit) => visit.appointment.chair === chair.id)
        .flatMap((visit) => onDay(visit, visit.appointment.visit_end)),
    ),
  }))
  return [...providers, ...chairs]
}

const DEFAULT_DAY: Span = { from: 8 * 60, to: 18 * 60 }

/** The hours the day grid shows: whole hours around every working span and appointment (8 AM–6 PM at least). */
export function visibleRange(columns: ScheduleColumn[]): Span {
  const spans = columns.flatMap((column) => [...column.hours, ...column.entries])
  const from = Math.min(DEFAULT_DAY.from, ...spans.map((span) => span.from))
  const to = Math.max(DEFAULT_DAY.to, ...spans.map((span) => span.to))
  return { from: Math.floor(from / 60) * 60, to: Math.min(DAY_MINUTES, Math.ceil(to / 60) * 60) }
}

export interface WeekRow {
  date: string
  /** Per column key, the visits that start on this date, in time order. */
  cells: Record<string, Visit[]>
  /** Per provider column key, the working spans on this date. */
  hours: Record<string, Span[]>
}

/** Visits by the clinic date they start on, each list in the order given. */
function byStartDate(visits: Visit[], timeZone: string): Map<string, Visit[]> {
  const days = new Map<string, Visit[]>()
  for (const visit of visits) {
    const date = wallClock(visit.appointment.start, timeZone).date
    const day = days.get(date)
    if (day) day.push(visit)
    else days.set(date, [visit])
  }
  return days
}

/** The week as rows of days, each with the appointments starting that day in each column. */
export function weekRows(schedule: Schedule, dates: string[]): WeekRow[] {
  const zone = schedule.timezone
  const byProvider = providerVisits(schedule)
  const providers = byProvider.map(({ provider, visits }) => ({ provider, days: byStartDate(visits, zone) }))
  // Each provider's visits come by start; a chair's come from several providers, so sort them again.
  const inChairs = byProvider
    .flatMap(({ visits }) => visits)
    .filter((visit) => visit.appointment.chair !== null)
    .sort((a, b) => Date.parse(a.appointment.start) - Date.parse(b.appointment.start))
  const chairDays = byStartDate(inChairs, zone)
  return dates.map((date) => {
    const cells: Record<string, Visit[]> = {}
    const hours: Record<string, Span[]> = {}
    for (const { provider, days } of providers) {
      const key = `provider-${provider.id}`
      cells[key] = days.get(date) ?? []
      hours[key] = provider.hours.flatMap((span) => spanOnDay(span.start, span.end, date, zone) ?? [])
    }
    for (const chair of schedule.chairs) {
      cells[`chair-${chair.id}`] = (chairDays.get(date) ?? []).filter((visit) => visit.appointment.chair === chair.id)
    }
    return { date, cells, hours }
  })
}
