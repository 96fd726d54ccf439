import { paths } from '../app/paths'
import type { AllauthResponse, AuthMeta, AuthResponse, Flow } from '../lib/allauth'

const pathByFlowId: Record<string, string> = {
  login: paths.login,
  signup: paths.signup,
  verify_email: paths.checkEmail,
  mfa_authenticate: paths.mfaAuthenticate,
  reauthenticate: paths.reauthenticate,
  mfa_reauthenticate: paths.reauthenticate,
}

export function pendingFlow(auth: AuthResponse | undefined): Flow | undefined {
  return auth?.data?.flows?.find((flow) => flow.is_pending)
}

/** The screen that continues the flow allauth is waiting on, if the SPA has one. */
export function pathForPendingFlow(auth: AuthResponse | undefined): string | null {
  const flow = pendingFlow(auth)
  return flow ? (pathByFlowId[flow.id] ?? null) : null
}

export function isAuthenticated(auth: AuthResponse | undefined): boolean {
  return auth?.status === 200 || (auth?.status === 401 && auth.meta?.is_authenticated === true)
}

/** A signed-in person must confirm their password (or a code) before a sensitive change. */
export function needsReauthentication(response: AllauthResponse): boolean {
  return response.status === 401 && (response.meta as AuthMeta | undefined)?.is_authenticated === true
}
