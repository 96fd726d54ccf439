import { createContext, useContext } from 'react'
import type { ClinicRole, Me } from '../../lib/portalApi'
import type { ClinicSummary } from './api'

export interface ConsoleClinic extends ClinicSummary {
  /** The staff member's role here; null for an organisation admin who is not also a member. */
  role: ClinicRole | null
  isOrgAdmin: boolean
}

export const ROLE_LABELS: Record<ClinicRole, string> = {
  clinic_admin: 'Clinic admin',
  provider: 'Provider',
  front_desk: 'Front desk',
}

export function roleLabel(clinic: ConsoleClinic): string {
  return clinic.role ? ROLE_LABELS[clinic.role] : 'Organisation admin'
}

/** The clinics a staff member works in, as /me lists them (an organisation admin's include every clinic of
 * their organisation, with no role where they are not also a member). */
export function staffClinics(me: Me): ConsoleClinic[] {
  return me.clinics.map(({ clinic, role }) => ({ ...clinic, role, isOrgAdmin: me.is_org_admin }))
}

/** Providers and clinic admins (and organisation admins) record outcomes and plans; front desk reads. */
export function mayDoClinicalWork(clinic: ConsoleClinic): boolean {
  return clinic.isOrgAdmin || clinic.role === 'provider' || clinic.role === 'clinic_admin'
}

/** A clinic's figures (revenue, utilization, outcomes) are for its administrators and the organisation's. */
export function mayReadReports(clinic: ConsoleClinic): boolean {
  return clinic.isOrgAdmin || clinic.role === 'clinic_admin'
}

/** Progress summaries for outside providers are clinical: providers and admins, not the front desk. */
export function mayShareSummaries(clinic: ConsoleClinic): boolean {
  return mayReadReports(clinic) || clinic.role === 'provider'
}

export const ConsoleClinicContext = createContext<ConsoleClinic | null>(null)

/** The clinic selected in the URL; only used below the console layout, which provides it. */
export function useConsoleClinic(): ConsoleClinic {
  const clinic = useContext(ConsoleClinicContext)
  if (!clinic) {
    throw new Error('useConsoleClinic is used outside the clinic console layout.')
  }
  return clinic
}
