/**
 * Client for django-allauth's headless API (browser client), modelled on allauth's example SPA.
 * allauth answers every call with `{status, data, meta}` or `{status, errors}`; a 401 is a normal
 * answer that lists the authentication flows, so responses are returned rather than thrown.
 */
import { ApiError, plainMessageForStatus, requestJson, type RequestOptions } from './http'

const BASE_URL = '/_allauth/browser/v1'

export type AuthenticatorType = 'totp' | 'recovery_codes' | 'webauthn'

export interface Flow {
  id: string
  is_pending?: boolean
  types?: AuthenticatorType[]
}

export interface AllauthUser {
  id: number | string
  display: string
  email?: string
  has_usable_password: boolean
}

export interface AllauthError {
  code: string
  message: string
  param?: string
}

export interface AllauthResponse<Data = unknown, Meta = unknown> {
  status: number
  data?: Data
  meta?: Meta
  errors?: AllauthError[]
}

export interface AuthData {
  user?: AllauthUser
  flows?: Flow[]
}

export interface AuthMeta {
  is_authenticated?: boolean
}

export type AuthResponse = AllauthResponse<AuthData, AuthMeta>

export interface AllauthConfig {
  account: { is_open_for_signup?: boolean }
  mfa?: { supported_types: AuthenticatorType[] }
  usersessions?: { track_activity: boolean }
}

export interface EmailAddress {
  email: string
  primary: boolean
  verified: boolean
}

export interface TotpAuthenticator {
  type: 'totp'
  created_at: number
  last_used_at: number | null
}

export interface RecoveryCodesAuthenticator {
  type: 'recovery_codes'
  created_at: number
  last_used_at: number | null
  total_code_count: number
  unused_code_count: number
}

export interface RecoveryCodes extends RecoveryCodesAuthenticator {
  unused_codes: string[]
}

export type Authenticator = TotpAuthenticator | RecoveryCodesAuthenticator | { type: 'webauthn' }

export interface TotpSetupMeta {
  secret: string
  totp_url: string
}

export interface UserSession {
  id: number
  user_agent: string
  ip: string
  created_at: number
  is_current: boolean
  last_seen_at?: number
}

type AuthChangeListener = (auth: AuthResponse) => void
const authChangeListeners = new Set<AuthChangeListener>()

/** Subscribes to every response that tells the current authentication state. */
export function onAuthChange(listener: AuthChangeListener): () => void {
  authChangeListeners.add(listener)
  return () => authChangeListeners.delete(listener)
}

function describesAuthState(response: AllauthResponse): response is AuthResponse {
  const meta = response.meta as AuthMeta | undefined
  return (
    response.status === 401 || response.status === 410 || (response.status === 200 && meta?.is_authenticated === true)
  )
}

function messageForNonJsonAnswer(status: number): string {
  // Django rejects a missing or stale CSRF token with an HTML 403 page.
  if (status === 403) {
    return 'Your browser session has expired. Please reload the page and try again.'
  }
  return plainMessageForStatus(status)
}

async function request<Data = unknown, Meta = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers?: RequestOptions['headers'],
): Promise<AllauthResponse<Data, Meta>> {
  const response = await requestJson(BASE_URL + path, { method, body, headers })
  if (response.body === null || typeof response.body !== 'object') {
    throw new ApiError(response.status, {
      code: `http_${response.status}`,
      message: messageForNonJsonAnswer(response.status),
    })
  }
  const answer = response.body as AllauthResponse<Data, Meta>
  if (describesAuthState(answer)) {
    authChangeListeners.forEach((listener) => listener(answer))
  }
  return answer
}

/** For endpoints whose answer is the authentication state itself. */
const authRequest = (method: string, path: string, body?: unknown) => request<AuthData, AuthMeta>(method, path, body)

export const getConfig = () => request<AllauthConfig>('GET', '/config')
export const getSession = () => authRequest('GET', '/auth/session')
export const logout = () => request('DELETE', '/auth/session')

export const login = (credentials: { email: string; password: string }) =>
  authRequest('POST', '/auth/login', credentials)
export const signUp = (details: { email: string; password: string }) => authRequest('POST', '/auth/signup', details)
export const reauthenticate = (password: string) => authRequest('POST', '/auth/reauthenticate', { password })

export const mfaAuthenticate = (code: string) => authRequest('POST', '/auth/2fa/authenticate', { code })
export const mfaReauthenticate = (code: string) => authRequest('POST', '/auth/2fa/reauthenticate', { code })

export const getEmailVerification = (key: string) =>
  request<{ email: string }>('GET', '/auth/email/verify', undefined, { 'X-Email-Verification-Key': key })
export const verifyEmail = (key: string) => authRequest('POST', '/auth/email/verify', { key })

export const requestPasswordReset = (email: string) => request('POST', '/auth/password/request', { email })
export const getPasswordReset = (key: string) =>
  request('GET', '/auth/password/reset', undefined, { 'X-Password-Reset-Key': key })
export const resetPassword = (key: string, password: string) =>
  authRequest('POST', '/auth/password/reset', { key, password })
export const changePassword = (currentPassword: string, newPassword: string) =>
  request('POST', '/account/password/change', { current_password: currentPassword, new_password: newPassword })

export const getEmailAddresses = () => request<EmailAddress[]>('GET', '/account/email')
export const addEmailAddress = (email: string) => request<EmailAddress[]>('POST', '/account/email', { email })
export const resendEmailVerification = (email: string) => request('PUT', '/account/email', { email })
export const makeEmailPrimary = (email: string) =>
  request<EmailAddress[]>('PATCH', '/account/email', { email, primary: true })
export const removeEmailAddress = (email: string) => request<EmailAddress[]>('DELETE', '/account/email', { email })

export const getAuthenticators = () => request<Authenticator[]>('GET', '/account/authenticators')
export const getTotpAuthenticator = () =>
  request<TotpAuthenticator, Partial<TotpSetupMeta>>('GET', '/account/authenticators/totp')
export const activateTotp = (code: string) =>
  request<TotpAuthenticator>('POST', '/account/authenticators/totp', { code })
export const deactivateTotp = () => request('DELETE', '/account/authenticators/totp')
export const getRecoveryCodes = () => request<RecoveryCodes>('GET', '/account/authenticators/recovery-codes')
export const regenerateRecoveryCodes = () => request<RecoveryCodes>('POST', '/account/authenticators/recovery-codes')

export const getSessions = () => request<UserSession[]>('GET', '/auth/sessions')
export const endSessions = (ids: number[]) => request<UserSession[]>('DELETE', '/auth/sessions', { sessions: ids })
