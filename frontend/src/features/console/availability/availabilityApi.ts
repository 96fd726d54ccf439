/** The clinic's availability settings: weekly hours, overrides, closures, chairs and services. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { callApi, type Schemas } from '../../../lib/api'
import { consoleKeys } from '../api'
import { useConsoleClinic } from '../clinics'

// --- Shapes: the generated schema's ------------------------------------------------------------

export type AvailabilitySettings = Schemas['AvailabilitySettingsOutput']
/** A provider, and whether the signed-in person may change this provider's hours and time off. */
export type SettingsProvider = Schemas['SettingsProviderOutput']
/** 0 = Monday … 6 = Sunday, as the API counts them. */
export type Weekday = Schemas['WeekdayEnum']
/** Wall-clock times at the clinic, HH:MM */
export type WeeklyHours = Schemas['WeeklyHoursOutput']
export type HoursFields = Schemas['WeeklyHoursInputRequest']
export type OverrideKind = Schemas['OverrideKindEnum']
/** Time off or extra hours; `everywhere`: time off taken at every clinic, shown here, changed where it was made. */
export type Override = Schemas['OverrideOutput']
export type OverrideFields = Schemas['OverrideInputRequest']
export type Closure = Schemas['ClosureOutput']
export type ClosureFields = Schemas['ClosureInputRequest']
export type ChairSetting = Schemas['ChairSettingsOutput']
export type ServiceKind = Schemas['ServiceKindEnum']
export type Modality = Schemas['ModalityEnum']
export type ServiceSetting = Schemas['ServiceTypeSettingsOutput']
export type ServiceFields = Schemas['ServiceTypeInputRequest']
/** An upcoming appointment a refused change would have stranded (`would_orphan_appointments`). */
export type OrphanedAppointment = Schemas['OrphanedAppointmentOutput']

// --- Calls ---------------------------------------------------------------------------------------

const clinic = (slug: string) => ({ clinic_slug: slug })

export const availabilityApi = {
  settings: (slug: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/availability-settings', { path: clinic(slug) }),
  hours: {
    list: (slug: string) => callApi('get', '/api/v1/clinics/{clinic_slug}/weekly-hours', { path: clinic(slug) }),
    create: (slug: string, fields: Schemas['WeeklyHoursCreateInputRequest']) =>
      callApi('post', '/api/v1/clinics/{clinic_slug}/weekly-hours', { path: clinic(slug), body: fields }),
    update: (slug: string, id: number, fields: HoursFields) =>
      callApi('put', '/api/v1/clinics/{clinic_slug}/weekly-hours/{hours_id}', {
        path: { clinic_slug: slug, hours_id: id },
        body: fields,
      }),
    remove: (slug: string, id: number) =>
      callApi('delete', '/api/v1/clinics/{clinic_slug}/weekly-hours/{hours_id}', {
        path: { clinic_slug: slug, hours_id: id },
      }),
  },
  overrides: {
    list: (slug: string) => callApi('get', '/api/v1/clinics/{clinic_slug}/overrides', { path: clinic(slug) }),
    create: (slug: string, fields: Schemas['OverrideCreateInputRequest']) =>
      callApi('post', '/api/v1/clinics/{clinic_slug}/overrides', { path: clinic(slug), body: fields }),
    update: (slug: string, id: number, fields: OverrideFields) =>
      callApi('put', '/api/v1/clinics/{clinic_slug}/overrides/{override_id}', {
        path: { clinic_slug: slug, override_id: id },
        body: fields,
      }),
    remove: (slug: string, id: number) =>
      callApi('delete', '/api/v1/clinics/{clinic_slug}/overrides/{override_id}', {
        path: { clinic_slug: slug, override_id: id },
      }),
  },
  closures: {
    list: (slug: string) => callApi('get', '/api/v1/clinics/{clinic_slug}/closures', { path: clinic(slug) }),
    create: (slug: string, fields: ClosureFields) =>
      callApi('post', '/api/v1/clinics/{clinic_slug}/closures', { path: clinic(slug), body: fields }),
    update: (slug: string, id: number, fields: ClosureFields) =>
      callApi('put', '/api/v1/clinics/{clinic_slug}/closures/{closure_id}', {
        path: { clinic_slug: slug, closure_id: id },
        body: fields,
      }),
    remove: (slug: string, id: number) =>
      callApi('delete', '/api/v1/clinics/{clinic_slug}/closures/{closure_id}', {
        path: { clinic_slug: slug, closure_id: id },
      }),
  },
  chairs: {
    list: (slug: string) => callApi('get', '/api/v1/clinics/{clinic_slug}/chairs', { path: clinic(slug) }),
    create: (slug: string, fields: Schemas['ChairCreateInputRequest']) =>
      callApi('post', '/api/v1/clinics/{clinic_slug}/chairs', { path: clinic(slug), body: fields }),
    update: (slug: string, id: number, changes: Schemas['PatchedChairUpdateInputRequest']) =>
      callApi('patch', '/api/v1/clinics/{clinic_slug}/chairs/{chair_id}', {
        path: { clinic_slug: slug, chair_id: id },
        body: changes,
      }),
  },
  services: {
    list: (slug: string) => callApi('get', '/api/v1/clinics/{clinic_slug}/service-types', { path: clinic(slug) }),
    create: (slug: string, fields: ServiceFields) =>
      callApi('post', '/api/v1/clinics/{clinic_slug}/service-types', { path: clinic(slug), body: fields }),
    update: (slug: string, id: number, changes: Schemas['PatchedServiceTypeInputRequest']) =>
      callApi('patch', '/api/v1/clinics/{clinic_slug}/service-types/{service_id}', {
        path: { clinic_slug: slug, service_id: id },
        body: changes,
      }),
  },
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
