import type { WebhookDeliveryStatus, WebhookEventType } from './api'

/** The events in plain words (apps/webhooks/events.py), in the order the form lists them. */
export const EVENT_LABELS: Record<WebhookEventType, string> = {
  'appointment.booked': 'An appointment is booked',
  'appointment.moved': 'An appointment is moved to another time',
  'appointment.cancelled': 'An appointment is cancelled',
  'appointment.checked_in': 'A patient checks in',
  'appointment.completed': 'An appointment is completed',
  'appointment.no_show': 'A patient does not come (no-show)',
  'assessment.submitted': 'A patient submits a questionnaire',
  'safety_alert.raised': 'A safety alert is raised',
}

export const TEST_EVENT_LABEL = 'Test event'

export const eventLabel = (type: string) =>
  type === 'webhook.test' ? TEST_EVENT_LABEL : (EVENT_LABELS[type as WebhookEventType] ?? type)

export const DELIVERY_STATUS: Record<WebhookDeliveryStatus, { label: string; symbol: string }> = {
  pending: { label: 'Waiting', symbol: '○' },
  claimed: { label: 'Being sent', symbol: '◔' },
  delivered: { label: 'Delivered', symbol: '✓' },
  failed: { label: 'Failed', symbol: '✕' },
}
