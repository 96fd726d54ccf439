import type { PatientSummary } from '../api'

/** The legal name (what staff check identity against), with the name the patient goes by when it differs. */
export function patientName(patient: Pick<PatientSummary, 'legal_name' | 'preferred_name' | 'email'>): string {
  const legal = patient.legal_name.trim()
  const preferred = patient.preferred_name.trim()
  if (!legal) {
    return preferred || patient.email
  }
  const firstName = legal.split(/\s+/)[0]
  return preferred && preferred !== firstName && preferred !== legal ? `${legal} (${preferred})` : legal
}
