/** Links inside the clinic console; the selected clinic is always part of the URL. */
const clinicRoot = (slug: string) => `/clinic/${encodeURIComponent(slug)}`

export const consolePaths = {
  schedule: (slug: string) => `${clinicRoot(slug)}/schedule`,
  /** The schedule on the appointment's day (in the clinic's calendar), with the appointment open. */
  appointment: (slug: string, appointment: { id: string; date: string; cancelled: boolean }) =>
    `${clinicRoot(slug)}/schedule?${new URLSearchParams({
      date: appointment.date,
      appointment: appointment.id,
      ...(appointment.cancelled ? { cancelled: '1' } : {}),
    })}`,
  patients: (slug: string) => `${clinicRoot(slug)}/patients`,
  patient: (slug: string, patientId: string) => `${clinicRoot(slug)}/patients/${encodeURIComponent(patientId)}`,
  availability: (slug: string) => `${clinicRoot(slug)}/availability`,
  alerts: (slug: string) => `${clinicRoot(slug)}/alerts`,
  deliveryLog: (slug: string) => `${clinicRoot(slug)}/messages`,
  reports: (slug: string) => `${clinicRoot(slug)}/reports`,
  outsideCare: (slug: string) => `${clinicRoot(slug)}/outside-care`,
  apiKeys: (slug: string) => `${clinicRoot(slug)}/api-keys`,
  webhooks: (slug: string) => `${clinicRoot(slug)}/webhooks`,
}

/** The console's sections, in menu order; switching clinics keeps the person in the same section. */
export const CONSOLE_SECTIONS = [
  { segment: 'schedule', label: 'Schedule', path: consolePaths.schedule },
  { segment: 'patients', label: 'Patients', path: consolePaths.patients },
  { segment: 'availability', label: 'Availability', path: consolePaths.availability },
  { segment: 'alerts', label: 'Safety alerts', path: consolePaths.alerts },
  { segment: 'messages', label: 'Delivery log', path: consolePaths.deliveryLog },
  { segment: 'outside-care', label: 'Outside care team', path: consolePaths.outsideCare, forClinicians: true },
  { segment: 'reports', label: 'Reports', path: consolePaths.reports, forAdmins: true },
  { segment: 'api-keys', label: 'API keys', path: consolePaths.apiKeys, forAdmins: true },
  { segment: 'webhooks', label: 'Webhooks', path: consolePaths.webhooks, forAdmins: true },
] as const

export type ConsoleSection = (typeof CONSOLE_SECTIONS)[number]['segment']

/** The section a console pathname is in, e.g. "/clinic/denver/patients/…" → "patients". */
export function sectionOf(pathname: string): ConsoleSection {
  const segment = pathname.split('/')[3]
  return CONSOLE_SECTIONS.find((section) => section.segment === segment)?.segment ?? 'schedule'
}
