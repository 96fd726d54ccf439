import { useQuery } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
import type { ClinicRole, Me } from '../../lib/portalApi'
import { consoleApi, consoleKeys, type ClinicSummary } from './api'

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

/**
 * The clinics a staff member works at: their memberships, and for organisation admins every clinic in
 * the directory as well (the API answers 404 for any clinic outside their organisation).
 */
export function staffClinics(me: Me, directory: ClinicSummary[] = []): ConsoleClinic[] {
  const bySlug = new Map<string, ConsoleClinic>()
  for (const { clinic, role } of me.memberships) {
    bySlug.set(clinic.slug, { ...clinic, role, isOrgAdmin: me.is_org_admin })
  }
  if (me.is_org_admin) {
    for (const clinic of directory) {
      if (!bySlug.has(clinic.slug)) {
        bySlug.set(clinic.slug, {
          slug: clinic.slug,
          name: clinic.name,
          timezone: clinic.timezone,
          role: null,
          isOrgAdmin: true,
        })
      }
    }
  }
  return [...bySlug.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/** The clinic directory, asked for only when the signed-in person administers an organisation. */
export function useClinicDirectory(me: Me | undefined) {
  return useQuery({
    queryKey: consoleKeys.clinicDirectory,
    queryFn: consoleApi.clinicDirectory,
    enabled: Boolean(me?.is_org_admin),
    staleTime: 300_000,
  })
}

/** Providers and clinic admins (and organisation admins) record outcomes and plans; front desk reads. */
export function mayDoClinicalWork(clinic: ConsoleClinic): boolean {
  return clinic.isOrgAdmin || clinic.role === 'provider' || clinic.role === 'clinic_admin'
}

/** A clinic's figures (revenue, utilization, outcomes) are for its administrators and the organisation's. */
export function mayReadReports(clinic: ConsoleClinic): boolean {
  return clinic.isOrgAdmin || clinic.role === 'clinic_admin'
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
