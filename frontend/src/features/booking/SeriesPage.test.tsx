import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Plan } from '../../lib/careApi'
import { appointment, denverClinic, drLee, drPark, ivDosing, slot } from '../../test/bookingFixtures'
import { page, patientSession } from '../../test/careFixtures'
import { mockFetch } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

const plan: Plan = {
  id: 1,
  status: 'active',
  approved_routes: ['iv_infusion'],
  induction_sessions: 2,
  induction_window_days: 21,
  integration_sessions: 0,
  booster_interval_days: null,
  clinic: { slug: 'denver', name: denverClinic.name },
  provider: { id: drLee.id, display_name: drLee.display_name, credentials: 'MD' },
  consultation_outcome: 1,
  created_at: '2026-11-20T12:00:00Z',
  updated_at: '2026-11-20T12:00:00Z',
  progress: {
    phase: 'induction',
    induction: { completed: 0, booked: 0, total: 2, summary: '0 of 2 induction sessions' },
    integration: { completed: 0, total: 0 },
    last_dosing_session: null,
    maintenance_started: false,
    maintenance_started_at: null,
    next_booster_due: null,
  },
}

const proposed = [
  {
    start: '2026-12-02T20:00:00Z',
    clinic_time: { local: '2026-12-02T13:00', utc_offset: '-07:00', abbreviation: 'MST' },
    provider: drLee,
  },
  {
    start: '2026-12-04T20:00:00Z',
    clinic_time: { local: '2026-12-04T13:00', utc_offset: '-07:00', abbreviation: 'MST' },
    provider: drLee,
  },
]
const laterOnThe5th = slot('2026-12-05T22:00:00Z', '2026-12-05T15:00', 'MST', [drPark])

describe('booking the treatment series', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T12:00:00Z') })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('proposes every session, lets the patient replace one, and books them all at once', async () => {
    const { sent } = mockFetch({
      ...patientSession,
      'GET /api/v1/me/profile': { status: 200, body: { timezone: 'America/Denver' } },
      'GET /api/v1/plan': { status: 200, body: plan },
      'GET /api/v1/clinics': { status: 200, body: page([denverClinic]) },
      'GET /api/v1/clinics/denver/services': { status: 200, body: [ivDosing] },
      'GET /api/v1/clinics/denver/series-proposal?service=iv-dosing&start=2026-12-01&sessions=2&within_days=21': {
        status: 200,
        body: { clinic: appointment().clinic, service: appointment().service, sessions: proposed },
      },
      'GET /api/v1/clinics/denver/availability?service=iv-dosing&start=2026-12-01&end=2026-12-31': {
        status: 200,
        body: { start: '2026-12-01', end: '2026-12-31', viewer_timezone: null, slots: [laterOnThe5th] },
      },
      'GET /api/v1/escort': {
        status: 200,
        body: { name: 'Jo Rivera', phone: '+13035550123', no_driving_acknowledged_at: null, updated_at: '' },
      },
      'POST /api/v1/series': {
        status: 201,
        body: {
          id: 'series-1',
          clinic: appointment().clinic,
          service: appointment().service,
          appointments: [appointment()],
        },
      },
    })
    const user = userEvent.setup()
    renderApp('/book/series?clinic=denver')

    await user.click(await screen.findByRole('button', { name: 'Propose a schedule' }))
    const second = await screen.findByRole('listitem', { name: 'Session 2' })
    expect(screen.getByRole('listitem', { name: 'Session 1' })).toHaveTextContent('Wed, Dec 2, 1:00 PM MST')
    expect(second).toHaveTextContent('Fri, Dec 4, 1:00 PM MST')

    await user.click(within(second).getByRole('button', { name: 'Change session 2' }))
    await user.click(await within(second).findByRole('radio', { name: '3:00 PM MST' }))
    expect(screen.getByRole('listitem', { name: 'Session 2' })).toHaveTextContent('Sat, Dec 5, 3:00 PM MST')
    expect(screen.getByRole('listitem', { name: 'Session 2' })).toHaveTextContent('With Sam Park')

    await user.click(screen.getByRole('checkbox', { name: /I will not drive/ }))
    await user.click(screen.getByRole('button', { name: 'Book all 2 sessions' }))

    expect(await screen.findByText('Your series is booked')).toBeInTheDocument()
    const request = sent.find((candidate) => candidate.method === 'POST')
    expect(request?.body).toEqual({
      clinic: 'denver',
      service: 'iv-dosing',
      sessions: [
        { start: '2026-12-02T20:00:00Z', provider: drLee.id },
        { start: '2026-12-05T22:00:00Z', provider: drPark.id },
      ],
      within_days: 21,
      will_not_drive: true,
    })
    expect(request?.headers['Idempotency-Key']).toBeTruthy()
    // The escort was already named as typed: nothing to save again.
    await waitFor(() => expect(sent.some((candidate) => candidate.method === 'PUT')).toBe(false))
  })

  it('says the series is booked once the plan has no induction session left to book', async () => {
    const booked = {
      ...plan,
      progress: {
        ...plan.progress,
        induction: { completed: 1, booked: 1, total: 2, summary: '1 of 2 induction sessions' },
      },
    }
    mockFetch({
      ...patientSession,
      'GET /api/v1/me/profile': { status: 200, body: { timezone: 'America/Denver' } },
      'GET /api/v1/plan': { status: 200, body: booked },
      'GET /api/v1/clinics': { status: 200, body: page([denverClinic]) },
      'GET /api/v1/clinics/denver/services': { status: 200, body: [ivDosing] },
    })
    renderApp('/book/series')

    expect(await screen.findByText('Your induction series is booked')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /propose/i })).not.toBeInTheDocument()
  })
})
