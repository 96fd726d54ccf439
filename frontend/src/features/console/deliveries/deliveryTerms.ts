import type { DeliveryLogEntry, DeliveryStatus } from '../api'

/** Message kinds as the reminders app names them (apps/reminders/kinds.py). */
export const KIND_LABELS: Record<string, string> = {
  appointment_confirmed: 'Appointment confirmation',
  appointment_changed: 'Appointment change',
  appointment_cancelled: 'Appointment cancellation',
  appointment_reminder: 'Appointment reminder',
  telehealth_link: 'Video visit link',
  escort_confirmation: 'Ride home confirmation',
  next_day_check_in: 'Next-day check-in',
  booster_due_soon: 'Follow-up visit due soon',
  booster_due: 'Follow-up visit due',
  booster_overdue: 'Follow-up visit overdue',
  check_in_questionnaire: 'Check-in questionnaire',
  earlier_visit_offered: 'Earlier visit offered',
  phone_verification: 'Phone number verification',
  staff_patient_follow_up: 'Patient needs follow-up (staff)',
  staff_daily_digest: 'Daily digest (staff)',
}

export const CHANNEL_LABELS: Record<DeliveryLogEntry['channel'], string> = {
  email: 'E-mail',
  sms: 'Text message',
  in_app: 'In the portal',
}

export const DELIVERY_STATUS: Record<DeliveryStatus, { label: string; symbol: string }> = {
  pending: { label: 'Pending', symbol: '○' },
  claimed: { label: 'Being sent', symbol: '◔' },
  sent: { label: 'Sent', symbol: '✓' },
  failed: { label: 'Failed', symbol: '✕' },
  cancelled: { label: 'Cancelled', symbol: '⊘' },
  skipped: { label: 'Skipped', symbol: '–' },
}
