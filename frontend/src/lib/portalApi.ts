/** The signed-in person, their profile and the clinic directory. */
import { useQuery } from '@tanstack/react-query'
import { callApi, type Schemas } from './api'

export type ClinicRole = Schemas['RoleEnum']
export type Membership = Schemas['MembershipOutput']
export type Me = Schemas['MeOutput']
export type PatientProfile = Schemas['PatientProfile']
export type ProfileChanges = Schemas['PatchedPatientProfileRequest']
export type Clinic = Schemas['ClinicOutput']

export const portalQueryKeys = {
  me: ['portal', 'me'] as const,
  profile: ['portal', 'profile'] as const,
  clinics: ['portal', 'clinics'] as const,
}

export const getMe = () => callApi('get', '/api/v1/me')
export const getProfile = () => callApi('get', '/api/v1/me/profile')
export const updateProfile = (changes: ProfileChanges) => callApi('patch', '/api/v1/me/profile', { body: changes })

/** Every active clinic; the directory is short, so the first page of 50 holds it all. */
export const getClinics = () => callApi('get', '/api/v1/clinics').then((page) => page.results)

export const useMe = () => useQuery({ queryKey: portalQueryKeys.me, queryFn: getMe })

/** Whether the API will refuse a staff member patient information: staff need a second factor, and a
 * session that passed it. */
export function secondFactorMissing(me: Me): boolean {
  return !me.mfa_enabled || !me.mfa_passed
}
export const useProfile = () => useQuery({ queryKey: portalQueryKeys.profile, queryFn: getProfile })
export const useClinics = () =>
  useQuery({ queryKey: portalQueryKeys.clinics, queryFn: getClinics, staleTime: 5 * 60_000 })
