/**
 * Every SPA route. The account e-mails link to the verify-email, reset-key, signup and login routes; the
 * reminder e-mails to the unsubscribe route.
 */
export const paths = {
  home: '/',
  profile: '/profile',
  intake: '/intake',
  consents: '/consents',
  careTeam: '/care-team',
  checkIns: '/check-ins',
  checkIn: '/check-ins/:instrument',
  library: '/library',
  savedArticles: '/library/saved',
  article: '/library/articles/:slug',
  book: '/book',
  bookSeries: '/book/series',
  appointments: '/appointments',
  // The appointment e-mails link to the appointment and to its video visit (apps/booking/notifications.py).
  appointment: '/appointments/:appointmentId',
  appointmentJoin: '/appointments/:appointmentId/join',
  appointmentReschedule: '/appointments/:appointmentId/reschedule',
  appointmentCancel: '/appointments/:appointmentId/cancel',
  notifications: '/notifications',
  notificationSettings: '/notifications/settings',
  // The reminder e-mails link here (apps/reminders/channels.py).
  unsubscribe: '/notifications/unsubscribe/:token',
  clinicConsole: '/clinic',
  clinicWorkspace: '/clinic/:clinicSlug/*',
  login: '/account/login',
  signup: '/account/signup',
  checkEmail: '/account/verify-email',
  verifyEmail: '/account/verify-email/:key',
  mfaAuthenticate: '/account/two-factor',
  requestPasswordReset: '/account/password/reset',
  resetPassword: '/account/password/reset/key/:key',
  reauthenticate: '/account/reauthenticate',
  security: '/account/security',
  totpSetup: '/account/security/two-factor',
  recoveryCodes: '/account/security/recovery-codes',
  changeEmail: '/account/email',
  changePassword: '/account/password/change',
} as const

/** Query parameter that tells the login page the person has just signed out. */
export const SIGNED_OUT_PARAM = 'signed-out'

/** Adds `?next=` so a page can send the person back to where they were. */
export function withNext(path: string, next: string): string {
  return `${path}?${new URLSearchParams({ next })}`
}

/** The page that confirms this session with a code from the authenticator app, then returns to `next`. */
export function confirmWithCodePath(next: string): string {
  return `${paths.reauthenticate}?${new URLSearchParams({ method: 'code', next })}`
}

/** Paths served by the server itself (the Django admin), which the SPA's router must not render. */
export function isServerPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/')
}

/** Only same-site paths are followed, so a crafted link cannot send someone to another site. */
export function safeNextPath(next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) {
    return next
  }
  return paths.home
}
