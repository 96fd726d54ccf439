import { useClinics, type Clinic } from '../../lib/portalApi'

export function clinicAddress(clinic: Clinic): string {
  return [clinic.address_line1, clinic.address_line2, clinic.city, clinic.region, clinic.postal_code]
    .filter(Boolean)
    .join(', ')
}

/** A clinic's full record (address, phone) from the directory, which the appointment only names. */
export function useClinic(slug: string): Clinic | undefined {
  return useClinics().data?.find((clinic) => clinic.slug === slug)
}
