/** Types, calls and queries for the portal's own API under /api/v1/. */
import { useQuery } from '@tanstack/react-query'
import { apiRequest } from './http'

export type ClinicRole = 'clinic_admin' | 'provider' | 'front_desk'

export interface Clinic {
  slug: string
  name: string
  timezone: string
}

export interface Membership {
  clinic: Clinic
  role: ClinicRole
}

export interface Me {
  id: number | string
  email: string
  display_name: string
  is_staff_member: boolean
  is_org_admin: boolean
  mfa_enabled: boolean
  memberships: Membership[]
}

export interface PatientProfile {
  legal_name: string
  preferred_name: string
  /** YYYY-MM-DD */
  date_of_birth: string | null
  /** E.164, e.g. +12125550100 */
  phone: string
  /** ISO 3166-2, e.g. US-NY */
  region: string
  /** IANA time zone, e.g. America/New_York */
  timezone: string
  emergency_contact_name: string
  emergency_contact_phone: string
}

export const portalQueryKeys = {
  me: ['portal', 'me'] as const,
  profile: ['portal', 'profile'] as const,
}

export const getMe = () => apiRequest<Me>('/api/v1/me')
export const getProfile = () => apiRequest<PatientProfile>('/api/v1/me/profile')
export const updateProfile = (changes: Partial<PatientProfile>) =>
  apiRequest<PatientProfile>('/api/v1/me/profile', { method: 'PATCH', body: changes })

export const useMe = () => useQuery({ queryKey: portalQueryKeys.me, queryFn: getMe })
