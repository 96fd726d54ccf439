/** In-portal notifications, notification preferences, phone verification and unsubscribe links. */
import { useQuery } from '@tanstack/react-query'
import { callApi, type Schemas } from './api'

export type PortalNotification = Schemas['InAppNotificationOutput']
export type Preferences = Schemas['Preferences']
export type PreferenceChanges = Schemas['PatchedPreferencesRequest']
export type OptionalKind = Schemas['UnsubscribedKindsEnum']
export type Unsubscription = Schemas['UnsubscribeOutput']

export const notificationQueryKeys = {
  all: ['notifications'] as const,
  list: ['notifications', 'list'] as const,
  latest: ['notifications', 'latest'] as const,
  preferences: ['notifications', 'preferences'] as const,
  unsubscribe: (token: string) => ['notifications', 'unsubscribe', token] as const,
}

export const getNotifications = (page: number) => callApi('get', '/api/v1/notifications', { query: { page } })
export const markNotificationRead = (id: string) =>
  callApi('post', '/api/v1/notifications/{notification_id}/read', { path: { notification_id: id } })

export const getPreferences = () => callApi('get', '/api/v1/notifications/preferences')
export const updatePreferences = (changes: PreferenceChanges) =>
  callApi('patch', '/api/v1/notifications/preferences', { body: changes })
export const startPhoneVerification = (number: string) =>
  callApi('post', '/api/v1/notifications/phone/verify', { body: { number } })
export const confirmPhoneVerification = (code: string) =>
  callApi('post', '/api/v1/notifications/phone/confirm', { body: { code } })

export const getUnsubscription = (token: string) =>
  callApi('get', '/api/v1/notifications/unsubscribe/{token}', { path: { token } })
export const unsubscribe = (token: string) =>
  callApi('post', '/api/v1/notifications/unsubscribe/{token}', { path: { token } })

export const usePreferences = () => useQuery({ queryKey: notificationQueryKeys.preferences, queryFn: getPreferences })

/**
 * The messages a patient may turn off, in plain words. Typed by the API's own list, so a kind added
 * there fails the type check until it is described here.
 */
export const OPTIONAL_KIND_LABELS: Record<OptionalKind, { label: string; description: string }> = {
  next_day_check_in: {
    label: 'Next-day check-ins',
    description: 'A short note the day after a session, asking how you are.',
  },
  check_in_questionnaire: {
    label: 'Check-in questionnaire reminders',
    description: 'A reminder when it is time for your regular mood check-in.',
  },
  booster_due_soon: {
    label: 'Follow-up visit coming up',
    description: 'A heads-up when your next follow-up visit is due soon.',
  },
  booster_due: { label: 'Follow-up visit due', description: 'A reminder when your follow-up visit is due.' },
  booster_overdue: {
    label: 'Follow-up visit overdue',
    description: 'A reminder when your follow-up visit is past due.',
  },
  earlier_visit_offered: {
    label: 'Earlier visit offers',
    description: 'A message when an earlier time opens up for a visit.',
  },
}
