/** Canned API answers for the console's component tests. */
import type { Me } from '../../../lib/portalApi'
import { allauthConfig, me, signedIn } from '../../../test/fixtures'
import type { Reply } from '../../../test/mockFetch'
import type { Schedule, ScheduleProvider } from '../api'

/** An appointment as the schedule and the appointment's page send it, with the ride home of a dose. */
export type ScheduleAppointment = Schedule['appointments'][number]

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

export const RIVERA: ScheduleProvider = {
  id: 'aaaaaaaa-0000-4000-8000-000000000001',
  display_name: 'Dr. Ana Rivera',
  credentials: 'MD',
  hours: [
    {
      start: '2026-03-09T13:00:00Z',
      end: '2026-03-09T21:00:00Z',
      clinic_start: { local: '2026-03-09T09:00', utc_offset: '-04:00', abbreviation: 'EDT' },
      clinic_end: { local: '2026-03-09T17:00', utc_offset: '-04:00', abbreviation: 'EDT' },
    },
  ],
}

export const MAYA = { id: 'cccccccc-0000-4000-8000-000000000001', display_name: 'Maya Thompson' }

/** An IV session Monday 9 March 2026, 10:00–10:40 New York time, recovery until 12:40, in Chair 1. */
export function ivAppointment(overrides: Partial<ScheduleAppointment> = {}): ScheduleAppointment {
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

export function schedule(
  appointments: ScheduleAppointment[] = [ivAppointment()],
  overrides: Partial<Schedule> = {},
): Schedule {
  return {
    clinic: BROOKLYN,
    timezone: BROOKLYN.timezone,
    start: '2026-03-09',
    end: '2026-03-09',
    providers: [RIVERA],
    chairs: [
      { id: 1, name: 'Chair 1' },
      { id: 2, name: 'Chair 2' },
    ],
    appointments,
    ...overrides,
  }
}
