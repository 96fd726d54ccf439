import type { AuthResponse, Flow } from '../lib/allauth'
import type { Me } from '../lib/portalApi'
import type { Reply } from './mockFetch'

export const allauthConfig: Reply = {
  status: 200,
  body: {
    status: 200,
    data: {
      account: { is_open_for_signup: true },
      mfa: { supported_types: ['totp', 'recovery_codes'] },
      usersessions: { track_activity: false },
    },
  },
}

export const user = { id: 7, display: 'Sam Rivera', email: 'sam@example.org', has_usable_password: true }

export const signedIn: { status: number; body: AuthResponse } = {
  status: 200,
  body: { status: 200, data: { user }, meta: { is_authenticated: true } },
}

export function signedOut(pendingFlowId?: string): { status: number; body: AuthResponse } {
  const flows: Flow[] = [{ id: 'login' }, { id: 'signup' }]
  if (pendingFlowId) {
    flows.push({ id: pendingFlowId, is_pending: true, types: ['totp', 'recovery_codes'] })
  }
  return { status: 401, body: { status: 401, data: { flows }, meta: { is_authenticated: false } } }
}

export function me(overrides: Partial<Me> = {}): Me {
  return {
    id: '0b7e1b1e-7a3c-4d4e-9a53-5c1f0a6b2d11',
    email: 'sam@example.org',
    display_name: 'Sam',
    is_staff_member: false,
    is_org_admin: false,
    mfa_enabled: false,
    mfa_passed: false,
    memberships: [],
    can_edit_library: false,
    ...overrides,
    // /me lists the clinics a person works in; by default, where they are a member.
    clinics: overrides.clinics ?? (overrides.memberships ?? []).map(({ clinic, role }) => ({ clinic, role })),
  }
}
