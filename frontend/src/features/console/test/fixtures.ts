/** Canned API answers for the console's component tests. */
import type { Schemas } from '../../../lib/api'
import type { Me } from '../../../lib/portalApi'
import { allauthConfig, me, signedIn } from '../../../test/fixtures'
import type { Reply } from '../../../test/mockFetch'
import type { Schedule, ScheduleAppointment } from '../api'

/** An appointment as its own page sends it (the drawer reads it), with the ride home of a dose. */
export type AppointmentDetail = Schemas['AppointmentWithRideHomeOutput']

export const BROOKLYN = { slug: 'brooklyn', name: 'Evergreen Brooklyn', timezone: 'America/New_York' }
export const DENVER = { slug: 'denver', name: 'Evergreen Denver', timezone: 'America/Denver' }

export function staffMe(overrides: Partial<Me> = {}): Me {
  return me({
    id: 'b5f0c6a2-1111-4c3e-9a55-000000000001',
    is_staff_member: true,
    mfa_enabled: true,
    mfa_passed: true,
    memberships: [{ clinic: BROOKLYN, role: 'front_desk' }],
    ...overrides,
  })
}

/** The replies every signed-in page needs: allauth's config and session, and /me. */
export function signedInStaff(meBody: Me = staffMe()): Record<string, Reply> {
  return {
    'GET /_allauth/browser/v1/config': allauthConfig,
    'GET /_allauth/browser/v1/auth/session': signedIn,
    'GET /api/v1/me': { status: 200, body: meBody },
  }
}

export const page = <Row>(results: Row[]) => ({
  status: 200,
  body: { count: results.length, next: null, previous: null, results },
})

export const RIVERA = { id: 'aaaaaaaa-0000-4000-8000-000000000001', display_name: 'Dr. Ana Rivera', credentials: 'MD' }
/** Dr. Rivera works 9 AM to 5 PM New York time on Monday 9 March 2026. */
const RIVERA_HOURS = [{ start: '2026-03-09T13:00:00Z', end: '2026-03-09T21:00:00Z' }]

export const MAYA = { id: 'cccccccc-0000-4000-8000-000000000001', display_name: 'Maya Thompson' }

/** An IV session Monday 9 March 2026, 10:00–10:40 New York time, recovery until 12:40, in Chair 1. */
export function ivAppointment(overrides: Partial<AppointmentDetail> = {}): AppointmentDetail {
  return {
    id: 'dddddddd-0000-4000-8000-000000000001',
    status: 'confirmed',
    clinic: BROOKLYN,
    service: {
      slug: 'iv-infusion',
      name: 'IV ketamine infusion',
      kind: 'dosing',
      modality: 'in_person',
      route: 'iv_infusion',
    },
    provider: { id: RIVERA.id, display_name: RIVERA.display_name, credentials: 'MD' },
    patient: MAYA,
    chair: { id: 1, name: 'Chair 1' },
    series: null,
    start: '2026-03-09T14:00:00Z',
    end: '2026-03-09T14:40:00Z',
    visit_end: '2026-03-09T16:40:00Z',
    clinic_time: { local: '2026-03-09T10:00', utc_offset: '-04:00', abbreviation: 'EDT' },
    patient_time: null,
    hold_expires_at: null,
    cancelled_at: null,
    cancelled_by: '',
    cancellation_reason: '',
    patient_may_change_until: '2026-03-08T14:00:00Z',
    is_telehealth: false,
    visit_region: '',
    room_opens_at: null,
    ride_home: null,
    ...overrides,
  }
}

/** What the schedule lists of an appointment; its own page (`ivAppointment`) has the rest. */
export function scheduled(appointment: AppointmentDetail): ScheduleAppointment {
  return {
    id: appointment.id,
    status: appointment.status,
    start: appointment.start,
    end: appointment.end,
    visit_end: appointment.visit_end,
    patient_name: appointment.patient.display_name,
    chair: appointment.chair?.id ?? null,
    service: appointment.service.slug,
    ride_home: appointment.ride_home?.status ?? null,
  }
}

/** Monday 9 March 2026 at Brooklyn: Dr. Rivera with `appointments` (as their own pages send them), two chairs. */
export function schedule(
  appointments: AppointmentDetail[] = [ivAppointment()],
  overrides: Partial<Schedule> = {},
): Schedule {
  const services = new Map(appointments.map((appointment) => [appointment.service.slug, appointment.service]))
  return {
    clinic: BROOKLYN,
    timezone: BROOKLYN.timezone,
    start: '2026-03-09',
    end: '2026-03-09',
    providers: [{ ...RIVERA, hours: RIVERA_HOURS, appointments: appointments.map(scheduled) }],
    chairs: [
      { id: 1, name: 'Chair 1' },
      { id: 2, name: 'Chair 2' },
    ],
    services: [...services.values()],
    ...overrides,
  }
}
