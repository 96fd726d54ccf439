import type { SafetyAlert } from '../api'

/** Each patient with an open alert, once, with their longest-waiting alert (the API lists oldest first). */
export function patientsWithOpenAlerts(openAlerts: SafetyAlert[]): Map<string, SafetyAlert> {
  const byPatient = new Map<string, SafetyAlert>()
  for (const alert of openAlerts) {
    if (!alert.acknowledged_at && !byPatient.has(alert.patient.id)) {
      byPatient.set(alert.patient.id, alert)
    }
  }
  return byPatient
}
