/** Each provider's booking weight and video-visit licences, through the generated API client. */
import { useQuery } from '@tanstack/react-query'
import { callApi, type Schemas } from '../../../lib/api'
import { availabilityKeys } from './availabilityApi'

// The output serializer always sends every field; the schema marks the model's defaulted ones optional.
export type Licence = Required<Schemas['LicenceOutput']>
export type ProviderSetting = Omit<Schemas['ProviderSettingsOutput'], 'licences'> & { licences: Licence[] }
export type LicenceChanges = Pick<Licence, 'number' | 'expires_on'>

export const providersApi = {
  list: (clinic: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/providers', { path: { clinic_slug: clinic } }) as Promise<
      ProviderSetting[]
    >,
  setWeight: (clinic: string, provider: string, bookingWeight: number) =>
    callApi('patch', '/api/v1/clinics/{clinic_slug}/providers/{provider_id}', {
      path: { clinic_slug: clinic, provider_id: provider },
      body: { booking_weight: bookingWeight },
    }),
  addLicence: (clinic: string, provider: string, licence: Omit<Licence, 'id'>) =>
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
