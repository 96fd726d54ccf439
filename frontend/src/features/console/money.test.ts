import { describe, expect, it } from 'vitest'
import { formatMoney } from './money'

describe('formatMoney', () => {
  it('reads cents in the currency, whatever case the code comes in', () => {
    expect(formatMoney(45000, 'USD')).toBe('$450.00')
    expect(formatMoney(2550, 'usd')).toBe('$25.50')
  })
})
