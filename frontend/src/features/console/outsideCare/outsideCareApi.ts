/** The clinic's progress summaries for patients' outside providers. */
import { callApi, type Schemas } from '../../../lib/api'
import { downloadFile } from '../../../lib/http'

export type SharingPatient = Schemas['SharingPatientOutput']
export type StaffSummary = Schemas['StaffSummaryOutput']

export const outsideCareKeys = { patients: (clinic: string) => ['console', clinic, 'outside-care'] as const }

const patientPath = (clinic: string, patientId: string) =>
  `/api/v1/clinics/${encodeURIComponent(clinic)}/outside-care/patients/${encodeURIComponent(patientId)}`

export const outsideCareApi = {
  patients: (clinic: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/outside-care/patients', { path: { clinic_slug: clinic } }),
  /** Downloads the PDF that sending would share now; nothing is shared. */
  preview: (clinic: string, patientId: string) =>
    downloadFile(`${patientPath(clinic, patientId)}/summary-preview`, 'summary-preview.pdf'),
  /** One key per decision to send: a double click or a retry sends once. */
  send: (clinic: string, patientId: string, idempotencyKey: string) =>
    callApi('post', '/api/v1/clinics/{clinic_slug}/outside-care/patients/{patient_id}/summaries', {
      path: { clinic_slug: clinic, patient_id: patientId },
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
}
