import { describe, expect, it } from 'vitest'
import {
  addDays,
  formatDateTime,
  formatMinutes,
  instantAt,
  isCalendarDate,
  startOfWeek,
  todayIn,
  wallClock,
  zoneAbbreviation,
} from './time'

describe('clinic wall clock', () => {
  it('reads an instant in the clinic’s zone, not the browser’s', () => {
    expect(wallClock('2026-03-09T14:00:00Z', 'America/New_York')).toEqual({ date: '2026-03-09', minutes: 600 })
    expect(wallClock('2026-03-09T14:00:00Z', 'America/Denver')).toEqual({ date: '2026-03-09', minutes: 480 })
    expect(wallClock('2026-03-09T02:00:00Z', 'America/Los_Angeles')).toEqual({ date: '2026-03-08', minutes: 1140 })
  })

  it('follows daylight saving time: the same UTC hour is an hour later on the wall after the spring change', () => {
    expect(wallClock('2026-03-07T15:00:00Z', 'America/New_York').minutes).toBe(10 * 60)
    expect(wallClock('2026-03-09T15:00:00Z', 'America/New_York').minutes).toBe(11 * 60)
    expect(zoneAbbreviation('America/New_York', '2026-03-07T15:00:00Z')).toBe('EST')
    expect(zoneAbbreviation('America/New_York', '2026-03-09T15:00:00Z')).toBe('EDT')
  })

  it('turns a wall-clock time on a date in the clinic’s zone into an instant, either side of a DST change', () => {
    expect(instantAt('2026-03-09', 11 * 60 + 5, 'America/New_York')).toBe('2026-03-09T15:05:00.000Z')
    expect(instantAt('2026-03-07', 11 * 60 + 5, 'America/New_York')).toBe('2026-03-07T16:05:00.000Z')
    expect(instantAt('2026-03-09', 23 * 60, 'America/Denver')).toBe('2026-03-10T05:00:00.000Z')
  })

  it('tells the clinic’s date for today, which can differ from the browser’s', () => {
    const lateEveningInDenver = new Date('2026-03-10T05:30:00Z')
    expect(todayIn('America/Denver', lateEveningInDenver)).toBe('2026-03-09')
    expect(todayIn('Asia/Tokyo', lateEveningInDenver)).toBe('2026-03-10')
  })

  it('labels a date and time with the zone’s abbreviation', () => {
    expect(formatDateTime('2026-11-02T15:30:00Z', 'America/Denver')).toBe('Mon, Nov 2, 8:30 AM MST')
  })

  it('labels the schedule’s time axis', () => {
    expect(formatMinutes(0)).toBe('12 AM')
    expect(formatMinutes(9 * 60 + 30)).toBe('9:30 AM')
    expect(formatMinutes(12 * 60)).toBe('12 PM')
    expect(formatMinutes(17 * 60)).toBe('5 PM')
  })
})

describe('calendar dates', () => {
  it('adds days across months and the daylight-saving change without drifting', () => {
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08')
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-12-31', 7)).toBe('2027-01-07')
  })

  it('starts weeks on Monday', () => {
    expect(startOfWeek('2026-03-09')).toBe('2026-03-09')
    expect(startOfWeek('2026-03-15')).toBe('2026-03-09')
    expect(startOfWeek('2026-03-11')).toBe('2026-03-09')
  })

  it('accepts only real dates from the URL', () => {
    expect(isCalendarDate('2026-03-09')).toBe(true)
    expect(isCalendarDate('2026-02-31')).toBe(false)
    expect(isCalendarDate('2026-3-9')).toBe(false)
    expect(isCalendarDate('tomorrow')).toBe(false)
    expect(isCalendarDate(null)).toBe(false)
  })
})
