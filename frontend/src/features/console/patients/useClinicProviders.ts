import { useMe } from '../../../lib/portalApi'
import { useStaff } from '../api'
import { useConsoleClinic } from '../clinics'

/**
 * The clinic's providers, for naming who is responsible for an outcome or plan, and the signed-in
 * person's own id when they are one of them (the API's default).
 */
export function useClinicProviders() {
  const clinic = useConsoleClinic()
  const me = useMe()
  const staff = useStaff(clinic.slug)
  const providers = (staff.data?.results ?? [])
    .filter((member) => member.role === 'provider' && member.provider)
    .map((member) => ({
      value: member.id,
      label: member.provider!.credentials
        ? `${member.provider!.display_name}, ${member.provider!.credentials}`
        : member.provider!.display_name,
    }))
  const ownId = clinic.role === 'provider' && me.data ? String(me.data.id) : null
  return { providers, ownId, isPending: staff.isPending, error: staff.error }
}
