import { Badge } from '@mantine/core'
import type { DeliveryStatus } from '../api'
import { DELIVERY_STATUS } from './deliveryTerms'

/** A message's state; a failure stands out, with a symbol so colour is not needed to see it. */
export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { label, symbol } = DELIVERY_STATUS[status]
  const failed = status === 'failed'
  return (
    <Badge
      miw="max-content"
      radius="sm"
      tt="none"
      variant={failed ? 'filled' : 'outline'}
      color={failed ? 'red.9' : 'gray.8'}
    >
      <span aria-hidden>{symbol} </span>
      {label}
    </Badge>
  )
}
