const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** "2 hours 5 minutes", "4 minutes 30 seconds", "20 seconds": the time left, for the eye. */
export function formatCountdown(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000))
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = seconds % 60
  const unit = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  if (hours > 0) return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour')
  if (minutes >= 5) return unit(minutes + (rest > 0 ? 1 : 0), 'minute')
  if (minutes > 0) return rest > 0 ? `${unit(minutes, 'minute')} ${unit(rest, 'second')}` : unit(minutes, 'minute')
  return unit(rest, 'second')
}

/**
 * What a screen reader hears, which changes far less often than the visible countdown: by the hour
 * when it is hours away, every 5 minutes in the last hour, then each minute, then "less than a minute".
 * A polite live region speaks only when this text changes.
 */
export function countdownAnnouncement(milliseconds: number): string {
  if (milliseconds >= HOUR) {
    const hours = Math.floor(milliseconds / HOUR)
    return `The video room opens in about ${hours} hour${hours === 1 ? '' : 's'}.`
  }
  if (milliseconds >= 5 * MINUTE) {
    const minutes = Math.ceil(milliseconds / (5 * MINUTE)) * 5
    return `The video room opens in about ${minutes} minutes.`
  }
  if (milliseconds >= MINUTE) {
    const minutes = Math.ceil(milliseconds / MINUTE)
    return `The video room opens in about ${minutes} minute${minutes === 1 ? '' : 's'}.`
  }
  return 'The video room opens in less than a minute.'
}
