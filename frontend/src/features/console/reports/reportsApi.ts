/** The weekly reports: one clinic's (clinic and organisation admins) and all clinics' (organisation admins). */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { callApi, type Schemas } from '../../../lib/api'
import { downloadFile } from '../../../lib/http'

export type ReportWeek = Schemas['WeekOutput']
export type ClinicReport = Schemas['WeeklyReportOutput']
export type OrganizationReport = Schemas['OrganizationReportOutput']

export interface ReportRange {
  /** A date in the first week; the API starts the report on that week's Monday. */
  from: string
  weeks: number
}

export const reportKeys = {
  clinic: (slug: string, range: ReportRange) => ['console', slug, 'report', range.from, range.weeks] as const,
  organization: (range: ReportRange) => ['console', 'organization-report', range.from, range.weeks] as const,
}

export const useClinicReport = (slug: string, range: ReportRange, enabled: boolean) =>
  useQuery({
    queryKey: reportKeys.clinic(slug, range),
    queryFn: ({ signal }) =>
      callApi('get', '/api/v1/clinics/{clinic_slug}/reports/weekly', {
        path: { clinic_slug: slug },
        query: range,
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
  })

export const useOrganizationReport = (range: ReportRange, enabled: boolean) =>
  useQuery({
    queryKey: reportKeys.organization(range),
    queryFn: ({ signal }) => callApi('get', '/api/v1/reports/weekly', { query: range, signal }),
    enabled,
    placeholderData: keepPreviousData,
  })

const search = (range: ReportRange) => `?from=${encodeURIComponent(range.from)}&weeks=${range.weeks}`

/** The same report as CSV (the server records the export in the audit trail). */
export function downloadReportCsv(scope: { clinic: string } | 'all', range: ReportRange): Promise<void> {
  const base =
    scope === 'all'
      ? '/api/v1/reports/weekly.csv'
      : `/api/v1/clinics/${encodeURIComponent(scope.clinic)}/reports/weekly.csv`
  return downloadFile(base + search(range), 'weekly-report.csv')
}
