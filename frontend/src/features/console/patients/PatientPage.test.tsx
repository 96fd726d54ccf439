import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { ClinicRole } from '../../../lib/portalApi'
import { mockFetch, type SentRequest } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import type { Appointment, Plan } from '../api'
import { BROOKLYN, ivAppointment, MAYA, page, RIVERA, signedInStaff, staffMe } from '../test/fixtures'
import '../test/preloadConsole'

// The whole app and every section of the page render first: allow for a slow CI machine.
const FIRST_RENDER = { timeout: 10_000 }
const PATIENT = `/api/v1/clinics/brooklyn/patients/${MAYA.id}`
const ME_ID = RIVERA.id

const accepted = {
  id: 1,
  decision: 'accepted',
  notes: 'Three antidepressant trials.',
  decided_at: '2026-03-02T15:00:00Z',
  provider: { id: RIVERA.id, display_name: RIVERA.display_name, credentials: 'MD' },
  recorded_by: 'dr.rivera@example.com',
}

function plan(fields: Partial<Plan> = {}): Plan {
  return {
    id: 5,
    status: 'active',
    approved_routes: ['iv_infusion'],
    induction_sessions: 6,
    induction_window_days: 21,
    integration_sessions: 0,
    booster_interval_days: null,
    clinic: { slug: 'brooklyn', name: 'Evergreen Brooklyn' },
    provider: { id: RIVERA.id, display_name: RIVERA.display_name, credentials: 'MD' },
    consultation_outcome: 1,
    created_at: '2026-03-09T15:00:00Z',
    updated_at: '2026-03-09T15:00:00Z',
    progress: {
      phase: 'induction',
      induction: { completed: 2, booked: 1, total: 6, summary: '2 of 6 done' },
      integration: { completed: 0, total: 0 },
      last_dosing_session: {
        start: '2026-03-06T15:00:00Z',
        clinic_time: { local: '2026-03-06T10:00', utc_offset: '-05:00', abbreviation: 'EST' },
      },
      maintenance_started: false,
      maintenance_started_at: null,
      next_booster_due: null,
    },
    adjustments: [],
    ...fields,
  }
}

function patientRoutes(role: ClinicRole, current: { plan: Plan | null }) {
  return {
    ...signedInStaff(staffMe({ id: ME_ID, memberships: [{ clinic: BROOKLYN, role }] })),
    'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
    [`GET ${PATIENT}`]: {
      status: 200,
      body: {
        id: MAYA.id,
        email: 'maya@example.com',
        legal_name: 'Maya Thompson',
        preferred_name: 'Maya',
        profile: {
          legal_name: 'Maya Thompson',
          preferred_name: 'Maya',
          date_of_birth: '1988-04-12',
          phone: '+12125550101',
          region: 'US-NY',
          timezone: 'America/New_York',
          emergency_contact_name: '',
          emergency_contact_phone: '',
        },
      },
    },
    [`GET ${PATIENT}/intake`]: {
      status: 200,
      body: {
        status: 'submitted',
        submitted_at: '2026-03-01T15:00:00Z',
        updated_at: '2026-03-01T15:00:00Z',
        screening: {
          outcome: 'needs_review',
          reasons: [{ code: 'substance_use', message: 'You told us about alcohol or drug use.' }],
          disclaimer: 'This is a screen.',
        },
        flags: ['substance_use'],
        diagnosis: 'major_depression',
        substance_use: true,
      },
    },
    [`GET ${PATIENT}/consultation-outcomes`]: page([accepted]),
    [`GET ${PATIENT}/plan`]: () =>
      current.plan
        ? { status: 200, body: current.plan }
        : { status: 404, body: { code: 'no_plan', message: 'There is no treatment plan yet.' } },
    [`POST ${PATIENT}/plan`]: (request: SentRequest) => {
      current.plan = plan(request.body as Partial<Plan>)
      return { status: 201, body: current.plan }
    },
    [`PATCH ${PATIENT}/plan`]: (request: SentRequest) => {
      current.plan = plan({ ...current.plan, ...(request.body as Partial<Plan>) })
      return { status: 200, body: current.plan }
    },
    [`GET ${PATIENT}/assessments/trend`]: {
      status: 200,
      body: {
        instruments: [
          {
            instrument: 'phq9',
            name: 'PHQ-9',
            max_score: 27,
            bands: [
              { low: 0, high: 4, severity: 'minimal', label: 'Minimal' },
              { low: 5, high: 9, severity: 'mild', label: 'Mild' },
              { low: 10, high: 27, severity: 'moderate', label: 'Moderate or worse' },
            ],
            points: [
              { taken_at: '2026-02-01T15:00:00Z', total_score: 18, severity: 'moderate' },
              { taken_at: '2026-03-01T15:00:00Z', total_score: 7, severity: 'mild' },
            ],
          },
        ],
        sessions: [],
      },
    },
    [`GET ${PATIENT}/consents`]: { status: 200, body: { organization: 'Evergreen', documents: [] } },
    [`GET ${PATIENT}/escort`]: { status: 404, body: { code: 'no_escort', message: 'No escort has been named yet.' } },
    [`GET /api/v1/education/clinics/brooklyn/patients/${MAYA.id}/reading`]: {
      status: 200,
      body: {
        patient_id: MAYA.id,
        progress: { assigned: 0, read: 0, unread: 0 },
        first_dose_preparation: { complete: false, articles: [] },
        assignments: [],
      },
    },
    [`GET ${PATIENT}/appointments?when=upcoming&page_size=10`]: page([]),
    [`GET ${PATIENT}/appointments?when=past&page_size=10`]: page([]),
    [`GET /api/v1/clinics/brooklyn/notifications?recipient=${MAYA.id}&page_size=10`]: page([]),
    [`GET /api/v1/clinics/brooklyn/payments?patient=${MAYA.id}&page_size=10`]: page([]),
    'GET /api/v1/clinics/brooklyn/staff?page_size=200': page([
      {
        id: RIVERA.id,
        email: 'dr.rivera@example.com',
        role: 'provider',
        provider: { display_name: RIVERA.display_name, credentials: 'MD' },
      },
    ]),
  }
}

describe('the patient page', () => {
  it('shows the intake’s screen and flags, and PHQ-9 scores as a chart and a table', async () => {
    mockFetch(patientRoutes('front_desk', { plan: null }))
    renderApp(`/clinic/brooklyn/patients/${MAYA.id}`)

    expect(await screen.findByRole('heading', { level: 1, name: 'Maya Thompson' }, FIRST_RENDER)).toBeInTheDocument()
    const intake = await screen.findByRole('region', { name: 'Intake and screen' })
    expect(await within(intake).findByText('Needs a clinician’s review')).toBeInTheDocument()
    // The flag list, not the same question's row in the "All answers" panel (mounted or not by then).
    const flagged = within(intake)
      .getAllByRole('listitem')
      .map((item) => item.textContent)
    expect(flagged).toContain('! Worrying alcohol or drug use, or in recovery')

    const scores = await screen.findByRole('table', { name: 'PHQ-9 scores, newest first' })
    const rows = within(scores).getAllByRole('row').slice(1)
    expect(rows.map((row) => row.textContent)).toEqual([
      'Sun, Mar 1, 10:00 AM EST7 / 27Mild',
      'Sun, Feb 1, 10:00 AM EST18 / 27Moderate or worse',
    ])
    expect(
      await screen.findByRole('img', {
        name: /^PHQ-9 scores over 2 questionnaires: 18 on Feb 1, 2026, most recently 7/,
      }),
    ).toBeInTheDocument()
    expect(
      screen.getByRole('figure', {
        name: 'PHQ-9 total scores (0 to 27) over time; shaded bands mark the severity ranges. The table below lists every score.',
      }),
    ).toBeInTheDocument()
    expect(screen.getByText(/No escort named yet/)).toBeInTheDocument()
  })

  it('marks the patient’s treatment sessions on the assessment chart', async () => {
    const routes = patientRoutes('front_desk', { plan: null })
    const trendRoute = `GET ${PATIENT}/assessments/trend`
    const trend = (routes[trendRoute] as { body: { instruments: unknown[] } }).body
    mockFetch({
      ...routes,
      [trendRoute]: {
        status: 200,
        body: {
          ...trend,
          sessions: [
            {
              date: '2026-02-15',
              start: '2026-02-15T15:00:00Z',
              clinic_time: { local: '2026-02-15T10:00', utc_offset: '-05:00', abbreviation: 'EST' },
              clinic: 'brooklyn',
            },
          ],
        },
      },
    })
    renderApp(`/clinic/brooklyn/patients/${MAYA.id}`)

    expect(
      await screen.findByRole(
        'figure',
        {
          name: 'PHQ-9 total scores (0 to 27) over time; shaded bands mark the severity ranges; dashed lines mark treatment sessions. The table below lists every score.',
        },
        FIRST_RENDER,
      ),
    ).toBeInTheDocument()
    expect(await screen.findByRole('img', { name: /^PHQ-9 scores over 2 questionnaires/ })).toBeInTheDocument()
  })

  it('is read-only for the front desk: no outcome or plan forms', async () => {
    const { sent } = mockFetch(patientRoutes('front_desk', { plan: null }))
    renderApp(`/clinic/brooklyn/patients/${MAYA.id}`)

    expect(await screen.findByText('No treatment plan yet.', undefined, FIRST_RENDER)).toBeInTheDocument()
    expect(screen.getByText('Providers and clinic admins create and adjust treatment plans.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Create plan' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Record outcome' })).not.toBeInTheDocument()
    expect(sent.some((request) => request.method !== 'GET')).toBe(false)
  })

  it('lets a provider create a plan after an accepted consultation, then adjust it', async () => {
    const current: { plan: Plan | null } = { plan: null }
    const { sent } = mockFetch(patientRoutes('provider', current))
    renderApp(`/clinic/brooklyn/patients/${MAYA.id}`)

    const planSection = await screen.findByRole('region', { name: 'Treatment plan' }, FIRST_RENDER)
    await userEvent.click(await within(planSection).findByRole('button', { name: 'Create plan' }))
    expect(within(planSection).getByText('Approve at least one route.')).toBeInTheDocument()

    await userEvent.click(within(planSection).getByRole('checkbox', { name: 'IV infusion' }))
    await userEvent.clear(within(planSection).getByRole('textbox', { name: 'Days between boosters' }))
    await userEvent.type(within(planSection).getByRole('textbox', { name: 'Days between boosters' }), '28')
    await userEvent.click(within(planSection).getByRole('button', { name: 'Create plan' }))

    expect(await within(planSection).findByText('Active')).toBeInTheDocument()
    expect(within(planSection).getByText('Every 28 days')).toBeInTheDocument()
    expect(within(planSection).getByText('Induction: 2 of 6 induction sessions done, 1 booked')).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'POST')?.body).toEqual({
      approved_routes: ['iv_infusion'],
      induction_sessions: 6,
      induction_window_days: 21,
      integration_sessions: 0,
      booster_interval_days: 28,
    })

    await userEvent.click(within(planSection).getByRole('button', { name: 'Adjust plan' }))
    await userEvent.click(within(planSection).getByRole('combobox', { name: 'Status' }))
    await userEvent.click(await screen.findByRole('option', { name: 'Paused' }))
    await userEvent.click(within(planSection).getByRole('button', { name: 'Save changes' }))
    expect(await within(planSection).findByText('Paused')).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'PATCH')?.body).toMatchObject({ status: 'paused' })
  }, 40_000)

  it('asks why when a plan is widened, and lists every documented change with its reason', async () => {
    const current: { plan: Plan | null } = {
      plan: plan({
        adjustments: [
          {
            adjusted_at: '2026-02-01T15:00:00Z',
            adjusted_by: { id: 'dr-lee', display_name: 'Dr. Lee' },
            changes: { booster_interval_days: [null, 28] },
            reason: 'Relapse risk: monthly boosters.',
          },
        ],
      }),
    }
    const { sent } = mockFetch(patientRoutes('provider', current))
    renderApp(`/clinic/brooklyn/patients/${MAYA.id}`)

    const planSection = await screen.findByRole('region', { name: 'Treatment plan' }, FIRST_RENDER)
    expect(await within(planSection).findByText('Reason: Relapse risk: monthly boosters.')).toBeInTheDocument()
    expect(within(planSection).getByText(/Days between boosters none → 28/)).toBeInTheDocument()

    await userEvent.click(within(planSection).getByRole('button', { name: 'Adjust plan' }))
    await userEvent.clear(within(planSection).getByRole('textbox', { name: 'Induction sessions' }))
    await userEvent.type(within(planSection).getByRole('textbox', { name: 'Induction sessions' }), '8')
    await userEvent.type(
      within(planSection).getByRole('textbox', { name: 'Reason for the change' }),
      'Partial response after six.',
    )
    await userEvent.click(within(planSection).getByRole('button', { name: 'Save changes' }))
    await within(planSection).findByRole('button', { name: 'Adjust plan' })
    expect(sent.find((request) => request.method === 'PATCH')?.body).toMatchObject({
      induction_sessions: 8,
      reason: 'Partial response after six.',
    })
  }, 40_000)

  it('says a patient of another clinic is not found, without showing anything of theirs', async () => {
    mockFetch({
      ...patientRoutes('provider', { plan: null }),
      [`GET ${PATIENT}`]: { status: 404, body: { code: 'not_found', message: 'No such patient.' } },
    })
    renderApp(`/clinic/brooklyn/patients/${MAYA.id}`)

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Patient not found' }, FIRST_RENDER),
    ).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Intake and screen' })).not.toBeInTheDocument()
  })

  it('lists upcoming and past appointments with their status, each linking to the schedule', async () => {
    const upcoming = ivAppointment()
    const older = (day: number, status: Appointment['status']) =>
      ivAppointment({ id: `past-${day}`, status, start: `2026-02-${String(day).padStart(2, '0')}T15:00:00Z` })
    mockFetch({
      ...patientRoutes('front_desk', { plan: null }),
      [`GET ${PATIENT}/appointments?when=upcoming&page_size=10`]: page([upcoming]),
      [`GET ${PATIENT}/appointments?when=past&page_size=10`]: {
        status: 200,
        body: {
          count: 2,
          next: `${PATIENT}/appointments?when=past&page=2&page_size=10`,
          previous: null,
          results: [older(20, 'cancelled')],
        },
      },
      [`GET ${PATIENT}/appointments?when=past&page=2&page_size=10`]: {
        status: 200,
        body: { count: 2, next: null, previous: null, results: [older(10, 'completed')] },
      },
    })
    renderApp(`/clinic/brooklyn/patients/${MAYA.id}`)

    const section = await screen.findByRole('region', { name: 'Appointments' }, FIRST_RENDER)
    const next = await within(section).findByRole('list', { name: 'Upcoming' })
    expect(next).toHaveTextContent('Mon, Mar 9, 10:00 AM EDTIV ketamine infusion with Dr. Ana Rivera○ Confirmed')
    expect(within(next).getByRole('link')).toHaveAttribute(
      'href',
      `/clinic/brooklyn/schedule?date=2026-03-09&appointment=${upcoming.id}`,
    )
    const past = await within(section).findByRole('list', { name: 'Past and cancelled' })
    expect(within(past).getByRole('link')).toHaveAttribute(
      'href',
      '/clinic/brooklyn/schedule?date=2026-02-20&appointment=past-20&cancelled=1',
    )
    expect(within(section).getByText('Showing 1 of 2.')).toBeInTheDocument()
    await userEvent.click(within(section).getByRole('button', { name: 'Show more appointments' }))
    expect(await within(past).findByText(/Feb 10/)).toBeInTheDocument()
    expect(within(past).getAllByRole('listitem')).toHaveLength(2)
    expect(within(section).queryByRole('button', { name: 'Show more appointments' })).not.toBeInTheDocument()
  })

  it('lists what the clinic sent the patient and what they paid, pointing failed messages to the delivery log', async () => {
    mockFetch({
      ...patientRoutes('front_desk', { plan: null }),
      [`GET /api/v1/clinics/brooklyn/notifications?recipient=${MAYA.id}&page_size=10`]: page([
        {
          id: 'n1',
          recipient_email: 'maya@example.com',
          kind: 'appointment_reminder',
          channel: 'sms',
          status: 'failed',
          due_at: '2026-03-08T14:00:00Z',
          sent_at: null,
          attempts: 5,
          last_error: 'Carrier rejected',
        },
      ]),
      [`GET /api/v1/clinics/brooklyn/payments?patient=${MAYA.id}&page_size=10`]: page([
        {
          id: 'p1',
          kind: 'booking',
          description: 'Payment at booking',
          status: 'succeeded',
          amount_cents: 45000,
          currency: 'usd',
          created_at: '2026-03-01T15:00:00Z',
          paid_at: '2026-03-01T15:01:00Z',
          refunded_cents: 5000,
          failure_message: '',
        },
      ]),
    })
    renderApp(`/clinic/brooklyn/patients/${MAYA.id}`)

    const sent = await screen.findByRole('region', { name: 'Notifications sent' }, FIRST_RENDER)
    const messages = await within(sent).findByRole('list', { name: 'Messages' })
    expect(messages).toHaveTextContent(
      'Appointment reminderText message, Sun, Mar 8, 10:00 AM EDT — Carrier rejected✕ Failed',
    )
    expect(within(sent).getByRole('link', { name: 'delivery log' })).toHaveAttribute(
      'href',
      '/clinic/brooklyn/messages?status=failed',
    )
    const payments = await within(screen.getByRole('region', { name: 'Payments' })).findByRole('list', {
      name: 'Payments',
    })
    expect(payments).toHaveTextContent('$450.00 · Payment at bookingMar 1, 2026, $50.00 refunded✓ Paid')
  })
})
