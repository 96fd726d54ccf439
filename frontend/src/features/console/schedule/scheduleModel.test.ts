import { describe, expect, it } from 'vitest'
import { ivAppointment, MAYA, RIVERA, schedule, scheduled } from '../test/fixtures'
import { dayColumns, rideHomeWarning, spanOnDay, visibleRange, weekRows } from './scheduleModel'

const NEW_YORK = 'America/New_York'

describe('day columns', () => {
  it('puts providers first, then chairs, each with their own span of the appointment', () => {
    const columns = dayColumns(schedule(), '2026-03-09')
    expect(columns.map((column) => [column.kind, column.title])).toEqual([
      ['provider', 'Dr. Ana Rivera'],
      ['chair', 'Chair 1'],
      ['chair', 'Chair 2'],
    ])
    const [provider, chair, emptyChair] = columns
    // The provider is busy for the session; the chair until the patient's recovery ends.
    expect(provider.entries.map(({ from, to }) => [from, to])).toEqual([[600, 640]])
    expect(chair.entries.map(({ from, to }) => [from, to])).toEqual([[600, 760]])
    expect(emptyChair.entries).toEqual([])
    expect(provider.hours).toEqual([{ from: 540, to: 1020 }])
  })

  it('shows an appointment only on its own clinic date', () => {
    expect(dayColumns(schedule(), '2026-03-10')[0].entries).toEqual([])
  })

  it('splits a recovery that runs past midnight between the two days', () => {
    const late = ivAppointment({
      start: '2026-03-10T02:30:00Z',
      end: '2026-03-10T03:10:00Z',
      visit_end: '2026-03-10T05:10:00Z',
    })
    expect(spanOnDay(late.start, late.visit_end, '2026-03-09', NEW_YORK)).toEqual({ from: 22 * 60 + 30, to: 1440 })
    expect(spanOnDay(late.start, late.visit_end, '2026-03-10', NEW_YORK)).toEqual({ from: 0, to: 70 })
    expect(spanOnDay(late.start, late.visit_end, '2026-03-11', NEW_YORK)).toBeNull()
  })

  it('sets overlapping appointments (a cancelled one and its replacement) side by side', () => {
    const cancelled = ivAppointment({ id: 'cancelled', status: 'cancelled' })
    const rebooked = ivAppointment({ id: 'rebooked', start: '2026-03-09T14:20:00Z', end: '2026-03-09T15:00:00Z' })
    const later = ivAppointment({ id: 'later', start: '2026-03-09T17:00:00Z', end: '2026-03-09T17:40:00Z' })
    const [provider] = dayColumns(schedule([cancelled, rebooked, later]), '2026-03-09')
    const lanes = Object.fromEntries(
      provider.entries.map((entry) => [entry.visit.appointment.id, [entry.lane, entry.lanes]]),
    )
    expect(lanes).toEqual({ cancelled: [0, 2], rebooked: [1, 2], later: [0, 1] })
  })
})

describe('the visible hours', () => {
  it('cover at least 8 AM to 6 PM, widened to whole hours around early or late bookings', () => {
    expect(visibleRange(dayColumns(schedule([]), '2026-03-09'))).toEqual({ from: 480, to: 1080 })
    const early = ivAppointment({
      start: '2026-03-09T10:45:00Z',
      end: '2026-03-09T11:25:00Z',
      visit_end: '2026-03-09T13:25:00Z',
    })
    expect(visibleRange(dayColumns(schedule([early]), '2026-03-09'))).toEqual({ from: 360, to: 1080 })
  })
})

describe('the week', () => {
  it('lists each day’s appointments per column, by the clinic date they start on', () => {
    const tuesday = ivAppointment({ id: 'tuesday', start: '2026-03-10T14:00:00Z', end: '2026-03-10T14:40:00Z' })
    const rows = weekRows(schedule([ivAppointment(), tuesday]), ['2026-03-09', '2026-03-10', '2026-03-11'])
    expect(rows.map((row) => row.cells[`provider-${RIVERA.id}`].map((visit) => visit.appointment.id))).toEqual([
      ['dddddddd-0000-4000-8000-000000000001'],
      ['tuesday'],
      [],
    ])
    expect(rows[1].cells['chair-1'][0].appointment.patient_name).toBe(MAYA.display_name)
    expect(rows[0].hours[`provider-${RIVERA.id}`]).toEqual([{ from: 540, to: 1020 }])
    expect(rows[1].hours[`provider-${RIVERA.id}`]).toEqual([])
  })
})

describe('what the schedule lists once', () => {
  const minutesAfter = (instant: string, minutes: number) =>
    new Date(Date.parse(instant) + minutes * 60_000).toISOString().replace('.000Z', 'Z')
  /** Chair 1 is also Dr. Lee's, for a dose of 40 minutes and 2 hours' recovery from `start`. */
  const withLee = (start: string) => {
    const base = schedule()
    const dose = ivAppointment({ id: 'lee', start, end: minutesAfter(start, 40), visit_end: minutesAfter(start, 160) })
    const lee = { id: 'aaaaaaaa-0000-4000-8000-000000000002', display_name: 'Dr. Sam Lee', credentials: '', hours: [] }
    return { ...base, providers: [...base.providers, { ...lee, appointments: [scheduled(dose)] }] }
  }

  it('names each appointment’s provider and service for its box', () => {
    const [, , chair] = dayColumns(withLee('2026-03-09T17:00:00Z'), '2026-03-09')
    expect(chair.entries.map(({ visit }) => [visit.providerName, visit.serviceName])).toEqual([
      ['Dr. Ana Rivera', 'IV ketamine infusion'],
      ['Dr. Sam Lee', 'IV ketamine infusion'],
    ])
  })

  it('lists a chair’s day in the week by start, whichever provider each appointment is with', () => {
    const [row] = weekRows(withLee('2026-03-09T11:00:00Z'), ['2026-03-09'])
    expect(row.cells['chair-1'].map(({ appointment }) => appointment.id)).toEqual([
      'lee',
      'dddddddd-0000-4000-8000-000000000001',
    ])
  })

  it('warns of a dose without a ride home, unless it is cancelled', () => {
    expect(rideHomeWarning({ status: 'confirmed', ride_home: 'not_confirmed' })).toBe('Ride home not confirmed')
    expect(rideHomeWarning({ status: 'held', ride_home: 'needs_help' })).toBe('Needs help getting home')
    expect(rideHomeWarning({ status: 'cancelled', ride_home: 'needs_help' })).toBeNull()
    expect(rideHomeWarning({ status: 'confirmed', ride_home: 'confirmed' })).toBeNull()
    expect(rideHomeWarning({ status: 'confirmed', ride_home: null })).toBeNull()
  })
})
