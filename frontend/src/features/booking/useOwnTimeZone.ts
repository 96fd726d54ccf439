import { useProfile } from '../../lib/portalApi'
import { patientTimeZone } from './bookingTerms'

/** The zone the patient lives in: their profile's, or the device's until the profile has loaded or set one. */
export function useOwnTimeZone(): string {
  const profile = useProfile()
  return patientTimeZone(profile.data?.timezone)
}
