import { describe, expect, it } from 'vitest'
import { currenciesOf, formatMoney, formatRate, isQuiet, outcomeText, summarize } from './reportModel'
import { reportWeek } from './testWeeks'

describe('the report model', () => {
  it('adds the range up and derives its rates from the sums, not from weekly rates', () => {
    const weeks = [
      reportWeek('2026-03-02', {
        no_shows: 1,
        completed: 1,
        provider_booked_minutes: 60,
        provider_available_minutes: 600,
      }),
      reportWeek('2026-03-09', {
        no_shows: 0,
        completed: 8,
        provider_booked_minutes: 540,
        provider_available_minutes: 600,
      }),
    ]
    const summary = summarize(weeks)
    expect(summary.noShowRate).toBeCloseTo(0.1)
    expect(summary.providerUtilization).toBeCloseTo(0.5)
    expect(summary.chairUtilization).toBeNull()
  })

  it('writes minor units as money in each currency', () => {
    expect(formatMoney(123456, 'USD')).toBe('$1,234.56')
    expect(formatMoney(5000, 'JPY')).toBe('¥5,000')
  })

  it('writes rates as percentages and a missing rate as a dash', () => {
    expect(formatRate(0.333)).toBe('33.3%')
    expect(formatRate(0.5)).toBe('50%')
    expect(formatRate(null)).toBe('—')
  })

  it('says when a PHQ-9 mean is withheld', () => {
    expect(outcomeText(reportWeek('2026-03-02', { phq9_n: 2, phq9_suppressed: true }), 5)).toBe(
      'Withheld (fewer than 5 patients)',
    )
    expect(outcomeText(reportWeek('2026-03-02', { phq9_n: 6, phq9_mean_change: -6 }), 5)).toBe('-6.0')
  })

  it('lists every currency of the range once', () => {
    const weeks = [
      reportWeek('2026-03-02', { money: [{ currency: 'USD', revenue_cents: 1, refunds_cents: 0 }] }),
      reportWeek('2026-03-09', {
        money: [
          { currency: 'EUR', revenue_cents: 1, refunds_cents: 0 },
          { currency: 'USD', revenue_cents: 2, refunds_cents: 0 },
        ],
      }),
    ]
    expect(currenciesOf(weeks)).toEqual(['EUR', 'USD'])
  })

  it('calls a range quiet only when nothing at all happened', () => {
    expect(isQuiet([reportWeek('2026-03-02', { provider_available_minutes: 600 })])).toBe(true)
    expect(isQuiet([reportWeek('2026-03-02'), reportWeek('2026-03-09', { booked: 1 })])).toBe(false)
  })
})
