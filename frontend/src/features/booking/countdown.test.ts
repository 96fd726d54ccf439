import { describe, expect, it } from 'vitest'
import { countdownAnnouncement, formatCountdown } from './countdown'

const MINUTE = 60_000

describe('countdown to the video room', () => {
  it('shows the time left to the second near the end', () => {
    expect(formatCountdown(2 * 60 * MINUTE + 5 * MINUTE)).toBe('2 hours 5 minutes')
    expect(formatCountdown(12 * MINUTE + 1000)).toBe('13 minutes')
    expect(formatCountdown(4 * MINUTE + 30_000)).toBe('4 minutes 30 seconds')
    expect(formatCountdown(1000)).toBe('1 second')
  })

  it('changes what screen readers hear only every few minutes, then each minute', () => {
    const heard = new Set<string>()
    for (let left = 20 * MINUTE; left > 0; left -= 1000) heard.add(countdownAnnouncement(left))
    expect([...heard]).toEqual([
      'The video room opens in about 20 minutes.',
      'The video room opens in about 15 minutes.',
      'The video room opens in about 10 minutes.',
      'The video room opens in about 5 minutes.',
      'The video room opens in about 4 minutes.',
      'The video room opens in about 3 minutes.',
      'The video room opens in about 2 minutes.',
      'The video room opens in about 1 minute.',
      'The video room opens in less than a minute.',
    ])
  })
})
