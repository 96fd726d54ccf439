/** Each provider's booking weight and video-visit licences, through the generated API client. */
import { useQuery } from '@tanstack/react-query'
import { callApi, type Schemas } from '../../../lib/api'
import { availabilityKeys } from './availabilityApi'

export type Licence = Schemas['LicenceOutput']
export type ProviderSetting = Schemas['ProviderSettingsOutput']
/** A licence's number and expiry as the forms edit them (the schema marks the model's defaulted ones optional). */
export type LicenceChanges = Required<Schemas['PatchedLicenceInputRequest']>
export type NewLicence = Required<Schemas['LicenceCreateInputRequest']>

export const providersApi = {
  list: (clinic: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/providers', { path: { clinic_slug: clinic } }),
  setWeight: (clinic: string, provider: string, bookingWeight: number) =>
    callApi('patch', '/api/v1/clinics/{clinic_slug}/providers/{provider_id}', {
      path: { clinic_slug: clinic, provider_id: provider },
      body: { booking_weight: bookingWeight },
    }),
  addLicence: (clinic: string, provider: string, licence: NewLicence) =>
    callApi('post', '/api/v1/clinics/{clinic_slug}/providers/{provider_id}/licences', {
      path: { clinic_slug: clinic, provider_id: provider },
      body: licence,
    }),
  changeLicence: (clinic: string, licence: number, changes: LicenceChanges) =>
    callApi('patch', '/api/v1/clinics/{clinic_slug}/licences/{licence_id}', {
      path: { clinic_slug: clinic, licence_id: licence },
      body: changes,
    }),
  removeLicence: (clinic: string, licence: number) =>
    callApi('delete', '/api/v1/clinics/{clinic_slug}/licences/{licence_id}', {
      path: { clinic_slug: clinic, licence_id: licence },
    }),
}

export const useProviderSettings = (clinic: string) =>
  useQuery({ queryKey: availabilityKeys.list(clinic, 'providers'), queryFn: () => providersApi.list(clinic) })
