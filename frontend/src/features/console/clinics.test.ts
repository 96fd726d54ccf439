import { describe, expect, it } from 'vitest'
import { staffActions } from './appointmentStatus'
import { mayDoClinicalWork, staffClinics } from './clinics'
import { patientName } from './patients/patientName'
import { patientsWithOpenAlerts } from './patients/urgency'
import { BROOKLYN, DENVER, staffMe } from './test/fixtures'
import type { SafetyAlert } from './api'

describe('the clinics a staff member can switch between', () => {
  it('are those /me lists, in its order, each with the person’s role there', () => {
    const clinics = staffClinics(
      staffMe({
        is_org_admin: true,
        clinics: [
          { clinic: BROOKLYN, role: 'front_desk' },
          { clinic: DENVER, role: null },
        ],
      }),
    )
    expect(clinics.map((clinic) => [clinic.slug, clinic.role, clinic.timezone, clinic.isOrgAdmin])).toEqual([
      ['brooklyn', 'front_desk', 'America/New_York', true],
      ['denver', null, 'America/Denver', true],
    ])
  })

  it('let providers, clinic admins and organisation admins do clinical work, and not the front desk', () => {
    const at = (role: 'provider' | 'clinic_admin' | 'front_desk' | null, isOrgAdmin = false) =>
      mayDoClinicalWork({ ...BROOKLYN, role, isOrgAdmin })
    expect([at('provider'), at('clinic_admin'), at('front_desk'), at(null, true)]).toEqual([true, true, false, true])
  })
})

describe('what the clinic can do next with an appointment', () => {
  it('follows the booking engine’s transition table', () => {
    expect(staffActions('held')).toEqual(['confirm', 'move', 'cancel'])
    expect(staffActions('confirmed')).toEqual(['check_in', 'no_show', 'move', 'cancel'])
    expect(staffActions('checked_in')).toEqual(['complete', 'cancel'])
    expect(staffActions('completed')).toEqual([])
    expect(staffActions('no_show')).toEqual([])
    expect(staffActions('cancelled')).toEqual([])
  })
})

describe('patients', () => {
  it('are named by legal name, with the name they go by when it is different', () => {
    expect(patientName({ legal_name: 'Margaret Thompson', preferred_name: 'Maya', email: 'm@example.com' })).toBe(
      'Margaret Thompson (Maya)',
    )
    expect(patientName({ legal_name: 'Maya Thompson', preferred_name: 'Maya', email: 'm@example.com' })).toBe(
      'Maya Thompson',
    )
    expect(patientName({ legal_name: '', preferred_name: '', email: 'm@example.com' })).toBe('m@example.com')
  })

  it('with an open safety alert are named once each, with their longest-waiting alert', () => {
    const alert = (id: number, patientId: string, acknowledged = false) =>
      ({ id, patient: { id: patientId }, acknowledged_at: acknowledged ? '2026-03-09T15:00:00Z' : null }) as SafetyAlert
    const urgent = patientsWithOpenAlerts([alert(1, 'b'), alert(2, 'b'), alert(3, 'c', true)])
    expect([...urgent.keys()]).toEqual(['b'])
    expect(urgent.get('b')?.id).toBe(1)
  })
})
