import { Text, UnstyledButton } from '@mantine/core'
import type { CSSProperties } from 'react'
import { STATUS_STYLES, statusColours } from '../appointmentStatus'
import { formatTime } from '../../../lib/time'
import { rideHomeWarning, type Visit } from './scheduleModel'

interface AppointmentChipProps {
  visit: Visit
  timeZone: string
  /** Chairs stay taken until the patient's recovery ends; providers only for the session. */
  until: 'end' | 'visit_end'
  onOpen: (appointmentId: string) => void
  style?: CSSProperties
  compact?: boolean
}

/**
 * One appointment on the schedule: a button whose text says the time, status, patient and service, so
 * screen readers hear all of it even where the box is too small to show it.
 */
export function AppointmentChip({ visit, timeZone, until, onOpen, style, compact = false }: AppointmentChipProps) {
  const { appointment } = visit
  const { label, symbol } = STATUS_STYLES[appointment.status]
  const from = formatTime(appointment.start, timeZone)
  const to = formatTime(appointment[until], timeZone)
  const cancelled = appointment.status === 'cancelled'
  const rideHome = rideHomeWarning(appointment)
  return (
    <UnstyledButton
      onClick={() => onOpen(appointment.id)}
      data-status={appointment.status}
      className="console-appointment"
      style={{
        ...statusColours(appointment.status),
        borderRadius: 4,
        padding: '2px 6px',
        overflow: 'hidden',
        ...style,
      }}
    >
      <Text component="span" size="xs" fw={700} display="block" lh={1.3} td={cancelled ? 'line-through' : undefined}>
        <span aria-hidden>{symbol} </span>
        {compact ? from : `${from}–${to}`}
        <span>{` · ${label}`}</span>
      </Text>
      <Text component="span" size="xs" display="block" lh={1.3} fw={600}>
        {appointment.patient_name}
      </Text>
      {rideHome && (
        <Text component="span" size="xs" display="block" lh={1.3} fw={700}>
          <span aria-hidden>! </span>
          {rideHome}
        </Text>
      )}
      {!compact && (
        <Text component="span" size="xs" display="block" lh={1.3}>
          {visit.serviceName}
          {until === 'visit_end' && ` · with ${visit.providerName}`}
        </Text>
      )}
    </UnstyledButton>
  )
}
