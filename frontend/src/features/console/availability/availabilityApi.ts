/** The clinic's availability settings: weekly hours, overrides, closures, chairs and services. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '../../../lib/http'
import type { ClinicRole } from '../../../lib/portalApi'
import { consoleKeys, type ClinicSummary, type Provider, type ServiceSummary, type WallClock } from '../api'
import { useConsoleClinic } from '../clinics'

// --- Shapes ------------------------------------------------------------------------------------

export interface SettingsProvider extends Provider {
  /** Whether the signed-in person may change this provider's hours and time off. */
  may_edit: boolean
}

export interface AvailabilitySettings {
  clinic: ClinicSummary
  role: ClinicRole
  may_edit_clinic: boolean
  providers: SettingsProvider[]
}

/** 0 = Monday … 6 = Sunday, as the API counts them. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

export interface WeeklyHours {
  id: number
  provider: Provider
  weekday: Weekday
  /** Wall-clock times at the clinic, HH:MM */
  start_time: string
  end_time: string
}

export type HoursFields = Pick<WeeklyHours, 'weekday' | 'start_time' | 'end_time'>

export type OverrideKind = 'time_off' | 'extra_hours'

export interface Override {
  id: number
  provider: Provider
  kind: OverrideKind
  date: string
  start_time: string | null
  end_time: string | null
  note: string
  /** Time off taken at every clinic: shown here, changed where it was made. */
  everywhere: boolean
}

export type OverrideFields = Pick<Override, 'kind' | 'date' | 'start_time' | 'end_time' | 'note'>

export interface Closure {
  id: number
  starts_on: string
  ends_on: string
  reason: string
}

export type ClosureFields = Omit<Closure, 'id'>

export interface ChairSetting {
  id: number
  name: string
  is_active: boolean
}

export type ServiceKind = 'consultation' | 'dosing' | 'integration' | 'booster' | 'follow_up'
export type Modality = 'in_person' | 'telehealth'

export interface ServiceSetting {
  id: number
  name: string
  slug: string
  kind: ServiceKind
  modality: Modality
  route: '' | 'iv_infusion' | 'im_injection' | 'lozenge'
  duration_minutes: number
  recovery_minutes: number
  buffer_before_minutes: number
  buffer_after_minutes: number
  minimum_notice_minutes: number
  horizon_days: number
  cancellation_window_hours: number
  slot_step_minutes: number
  price_cents: number
  currency: string
  needs_chair: boolean
  is_active: boolean
}

export type ServiceFields = Omit<ServiceSetting, 'id'>

/** An upcoming appointment a refused change would have stranded (`would_orphan_appointments`). */
export interface OrphanedAppointment {
  id: string
  status: string
  start: string
  clinic_time: WallClock
  clinic: ClinicSummary
  patient: { id: string; display_name: string }
  provider: Provider
  service: ServiceSummary
}

// --- Calls ---------------------------------------------------------------------------------------

const clinicPath = (slug: string) => `/api/v1/clinics/${encodeURIComponent(slug)}`

function crud<Row, Fields>(resource: string, updateMethod: 'PUT' | 'PATCH') {
  return {
    list: (slug: string) => apiRequest<Row[]>(`${clinicPath(slug)}/${resource}`),
    create: (slug: string, fields: Fields) =>
      apiRequest<Row>(`${clinicPath(slug)}/${resource}`, { method: 'POST', body: fields }),
    update: (slug: string, id: number, fields: Partial<Fields>) =>
      apiRequest<Row>(`${clinicPath(slug)}/${resource}/${id}`, { method: updateMethod, body: fields }),
    remove: (slug: string, id: number) =>
      apiRequest<void>(`${clinicPath(slug)}/${resource}/${id}`, { method: 'DELETE' }),
  }
}

export const availabilityApi = {
  settings: (slug: string) => apiRequest<AvailabilitySettings>(`${clinicPath(slug)}/availability-settings`),
  hours: crud<WeeklyHours, HoursFields & { provider: string }>('weekly-hours', 'PUT'),
  overrides: crud<Override, OverrideFields & { provider: string }>('overrides', 'PUT'),
  closures: crud<Closure, ClosureFields>('closures', 'PUT'),
  chairs: crud<ChairSetting, { name: string; is_active?: boolean }>('chairs', 'PATCH'),
  services: crud<ServiceSetting, ServiceFields>('service-types', 'PATCH'),
}

export type AvailabilityResource = 'hours' | 'overrides' | 'closures' | 'chairs' | 'services' | 'providers'

// --- Query keys and hooks ------------------------------------------------------------------------

export const availabilityKeys = {
  all: (slug: string) => [...consoleKeys.clinic(slug), 'availability-settings'] as const,
  settings: (slug: string) => [...availabilityKeys.all(slug), 'overview'] as const,
  list: (slug: string, resource: AvailabilityResource) => [...availabilityKeys.all(slug), resource] as const,
}

export const useAvailabilitySettings = (slug: string) =>
  useQuery({ queryKey: availabilityKeys.settings(slug), queryFn: () => availabilityApi.settings(slug) })

function useList<Row>(slug: string, resource: AvailabilityResource, list: (slug: string) => Promise<Row[]>) {
  return useQuery({ queryKey: availabilityKeys.list(slug, resource), queryFn: () => list(slug) })
}

export const useWeeklyHours = (slug: string) => useList(slug, 'hours', availabilityApi.hours.list)
export const useOverrides = (slug: string) => useList(slug, 'overrides', availabilityApi.overrides.list)
export const useClosures = (slug: string) => useList(slug, 'closures', availabilityApi.closures.list)
export const useChairs = (slug: string) => useList(slug, 'chairs', availabilityApi.chairs.list)
export const useServiceSettings = (slug: string) => useList(slug, 'services', availabilityApi.services.list)

/**
 * A change to the clinic's availability. Once saved, everything the console holds for the clinic is
 * refetched: the schedule's working hours and the open times depend on it.
 */
export function useAvailabilityChange<Args>(change: (args: Args) => Promise<unknown>, onSaved?: () => void) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: change,
    onSuccess: async () => {
      onSaved?.()
      await queryClient.invalidateQueries({ queryKey: consoleKeys.clinic(clinic.slug) })
    },
  })
}
