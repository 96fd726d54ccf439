import { describe, expect, it } from 'vitest'
import { ivAppointment, MAYA, RIVERA, schedule } from '../test/fixtures'
import { dayColumns, spanOnDay, visibleRange, weekRows } from './scheduleModel'

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
    const lanes = Object.fromEntries(provider.entries.map((entry) => [entry.appointment.id, [entry.lane, entry.lanes]]))
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
    expect(rows.map((row) => row.cells[`provider-${RIVERA.id}`].map((appointment) => appointment.id))).toEqual([
      ['dddddddd-0000-4000-8000-000000000001'],
      ['tuesday'],
      [],
    ])
    expect(rows[1].cells['chair-1'][0].patient).toEqual(MAYA)
    expect(rows[0].hours[`provider-${RIVERA.id}`]).toEqual([{ from: 540, to: 1020 }])
    expect(rows[1].hours[`provider-${RIVERA.id}`]).toEqual([])
  })
})
