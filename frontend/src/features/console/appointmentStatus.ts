import type { Appointment, AppointmentStatus } from './api'

export interface StatusStyle {
  label: string
  /** A shape that tells the status apart without colour. */
  symbol: string
  /** Mantine colour name for the fill and border. */
  color: string
  borderStyle: 'solid' | 'dashed' | 'dotted' | 'double'
}

export const STATUS_STYLES: Record<AppointmentStatus, StatusStyle> = {
  held: { label: 'Held', symbol: '◌', color: 'yellow', borderStyle: 'dashed' },
  confirmed: { label: 'Confirmed', symbol: '○', color: 'blue', borderStyle: 'solid' },
  checked_in: { label: 'Checked in', symbol: '●', color: 'teal', borderStyle: 'double' },
  completed: { label: 'Completed', symbol: '✓', color: 'gray', borderStyle: 'solid' },
  no_show: { label: 'No-show', symbol: '✕', color: 'red', borderStyle: 'dotted' },
  cancelled: { label: 'Cancelled', symbol: '⊘', color: 'gray', borderStyle: 'dotted' },
}

/** Light fill, dark text and a status-specific border and symbol, so no one needs the colour to read it. */
export function statusColours(status: AppointmentStatus) {
  const { color, borderStyle } = STATUS_STYLES[status]
  return {
    background: `var(--mantine-color-${color}-0)`,
    color: 'var(--mantine-color-gray-9)',
    border: `${borderStyle === 'double' ? 3 : 1}px ${borderStyle} var(--mantine-color-${color}-7)`,
  }
}

export const STATUS_ORDER: AppointmentStatus[] = [
  'held',
  'confirmed',
  'checked_in',
  'completed',
  'no_show',
  'cancelled',
]

export type StaffAction = 'confirm' | 'check_in' | 'complete' | 'no_show' | 'cancel' | 'move'

/**
 * What the clinic may do next, following the booking engine's transition table: a hold is confirmed or
 * cancelled; a confirmed visit is checked in, marked no-show, moved or cancelled; a checked-in visit is
 * completed or cancelled (for example when vital signs rule out treatment). The rest are final.
 */
export function staffActions(status: AppointmentStatus): StaffAction[] {
  switch (status) {
    case 'held':
      return ['confirm', 'move', 'cancel']
    case 'confirmed':
      return ['check_in', 'no_show', 'move', 'cancel']
    case 'checked_in':
      return ['complete', 'cancel']
    default:
      return []
  }
}

export const ACTION_TARGET: Record<Exclude<StaffAction, 'move'>, AppointmentStatus> = {
  confirm: 'confirmed',
  check_in: 'checked_in',
  complete: 'completed',
  no_show: 'no_show',
  cancel: 'cancelled',
}

/** Services whose sessions give a dose (as in the booking engine): completing one needs its session record. */
const DOSE_KINDS = ['dosing', 'booster']

export const givesDose = (booking: { service: Pick<Appointment['service'], 'kind'> }) =>
  DOSE_KINDS.includes(booking.service.kind)
