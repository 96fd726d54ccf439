import { Badge, Group, Text } from '@mantine/core'
import type { AppointmentStatus } from '../api'
import { STATUS_ORDER, STATUS_STYLES, statusColours } from '../appointmentStatus'

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  const { label, symbol } = STATUS_STYLES[status]
  return (
    <Badge miw="max-content" radius="sm" tt="none" fw={600} styles={{ root: statusColours(status) }}>
      <span aria-hidden>{symbol} </span>
      {label}
    </Badge>
  )
}

export function StatusLegend({ statuses = STATUS_ORDER }: { statuses?: AppointmentStatus[] }) {
  return (
    <Group gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Status key">
      <Text component="li" size="sm">
        Key:
      </Text>
      {statuses.map((status) => (
        <li key={status}>
          <StatusBadge status={status} />
        </li>
      ))}
    </Group>
  )
}
