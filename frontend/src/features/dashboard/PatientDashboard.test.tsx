import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Plan } from '../../lib/careApi'
import { appointment } from '../../test/bookingFixtures'
import { emptyDraft, page, patientSession, trend } from '../../test/careFixtures'
import { assignment } from '../../test/educationFixtures'
import { mockFetch, type Reply } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

const plan: Plan = {
  id: 1,
  status: 'active',
  approved_routes: ['iv_infusion', 'im_injection'],
  induction_sessions: 6,
  induction_window_days: 21,
  integration_sessions: 2,
  booster_interval_days: null,
  clinic: { slug: 'brooklyn', name: 'Evergreen Brooklyn' },
  provider: { id: 'a5b1c0d2-0000-4000-8000-000000000001', display_name: 'Dr. Ana Rivera', credentials: 'MD' },
  consultation_outcome: 3,
  created_at: '2026-11-01T12:00:00Z',
  updated_at: '2026-11-01T12:00:00Z',
  progress: {
    phase: 'induction',
    induction: { completed: 0, booked: 0, total: 6, summary: '0 of 6 induction sessions' },
    integration: { completed: 0, total: 2 },
    last_dosing_session: null,
    maintenance_started: false,
    maintenance_started_at: null,
    next_booster_due: null,
  },
}

const nothingYet: Record<string, Reply> = {
  'GET /api/v1/assessments/trend': { status: 200, body: trend() },
  'GET /api/v1/intake': { status: 404, body: { code: 'intake_not_started', message: 'Not started.' } },
  'GET /api/v1/plan': { status: 404, body: { code: 'no_plan', message: 'There is no treatment plan yet.' } },
  'GET /api/v1/education/assigned-reading': { status: 200, body: page([]) },
  'GET /api/v1/education/progress': { status: 200, body: { assigned: 0, read: 0, unread: 0 } },
  'GET /api/v1/notifications?page=1': { status: 200, body: page([]) },
  'GET /api/v1/appointments?upcoming=true&page_size=200': { status: 200, body: page([]) },
}

function renderDashboard(routes: Record<string, Reply> = {}) {
  mockFetch({ ...patientSession, ...nothingYet, ...routes })
  renderApp('/')
}

const section = async (name: string) => screen.findByRole('region', { name })

describe('patient dashboard', () => {
  it('shows the next appointment with the way in to it and its details', async () => {
    const visit = appointment()
    const cancelled = appointment({ id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', status: 'cancelled' })
    renderDashboard({
      'GET /api/v1/appointments?upcoming=true&page_size=200': { status: 200, body: page([cancelled, visit]) },
    })

    const next = await section('Your next appointment')
    expect(await within(next).findByText('Initial consultation')).toBeInTheDocument()
    expect(within(next).getByRole('link', { name: 'Join the video visit' })).toHaveAttribute(
      'href',
      `/appointments/${visit.id}/join`,
    )
    expect(within(next).getByRole('link', { name: /^Details ?of your initial consultation$/ })).toHaveAttribute(
      'href',
      `/appointments/${visit.id}`,
    )
    expect(within(next).getByRole('link', { name: 'All your appointments' })).toHaveAttribute('href', '/appointments')
  })

  it('has a designed empty state in every section for a new patient', async () => {
    renderDashboard()

    expect(
      await within(await section('How are you feeling?')).findByRole('link', { name: 'Start a mood check-in' }),
    ).toHaveAttribute('href', '/check-ins/phq9')
    expect(
      await within(await section('Getting started')).findByRole('link', { name: 'Start your intake' }),
    ).toBeInTheDocument()
    expect(await within(await section('Your treatment plan')).findByText(/No plan yet/)).toBeInTheDocument()
    const next = await section('Your next appointment')
    expect(await within(next).findByText('You have no upcoming appointments.')).toBeInTheDocument()
    expect(within(next).getByRole('link', { name: 'Book an appointment' })).toHaveAttribute('href', '/book')
    expect(await within(await section('Reading for you')).findByText(/Nothing assigned right now/)).toBeInTheDocument()
    expect(await within(await section('Notifications')).findByText('You’re all caught up.')).toBeInTheDocument()
  })

  it('shows the plan, the reading to do, unread notifications and the intake in progress', async () => {
    renderDashboard({
      'GET /api/v1/plan': { status: 200, body: plan },
      'GET /api/v1/intake': { status: 200, body: { ...emptyDraft, diagnosis: 'major_depression' } },
      'GET /api/v1/education/assigned-reading': {
        status: 200,
        body: page([
          assignment(),
          assignment({
            article: { ...assignment().article, slug: 'read', title: 'Done' },
            read_at: '2026-11-21T12:00:00Z',
          }),
        ]),
      },
      'GET /api/v1/education/progress': { status: 200, body: { assigned: 2, read: 1, unread: 1 } },
      'GET /api/v1/notifications?page=1': {
        status: 200,
        body: page([
          {
            id: '6f1d6a3e-8a0b-4b7e-9d55-2f4c1b0e9a11',
            kind: 'booster_due_soon',
            title: 'Your follow-up visit is coming up',
            body: 'Book a time that suits you.',
            link: '/',
            created_at: '2026-11-25T14:00:00Z',
            read_at: null,
          },
        ]),
      },
    })

    const planSection = await section('Your treatment plan')
    expect(await within(planSection).findByText('Active')).toBeInTheDocument()
    expect(within(planSection).getByText('At Evergreen Brooklyn with Dr. Ana Rivera, MD.')).toBeInTheDocument()
    expect(within(planSection).getByText('First series: 6 sessions within 21 days')).toBeInTheDocument()
    expect(
      within(planSection).getByText('How it’s given: IV infusion, Injection into a muscle (IM)'),
    ).toBeInTheDocument()

    const reading = await section('Reading for you')
    expect(
      await within(reading).findByRole('link', { name: 'What ketamine is, and where it comes from' }),
    ).toBeInTheDocument()
    expect(within(reading).queryByRole('link', { name: 'Done' })).not.toBeInTheDocument()
    expect(within(reading).getByText('You have read 1 of 2 suggested articles.')).toBeInTheDocument()

    const alerts = await section('Notifications')
    expect(await within(alerts).findByText('Your follow-up visit is coming up')).toBeInTheDocument()
    expect(within(alerts).getByRole('link', { name: 'See all notifications (1 new)' })).toBeInTheDocument()

    const intake = await section('Getting started')
    expect(
      await within(intake).findByText('Your intake is in progress: 1 of 15 questions answered.'),
    ).toBeInTheDocument()
  })

  it('reminds about the mood check-in once two weeks have passed', async () => {
    const withOldScore = trend()
    withOldScore.instruments[0].points = [
      { taken_at: new Date(Date.now() - 20 * 86_400_000).toISOString(), total_score: 11, severity: 'moderate' },
    ]
    renderDashboard({ 'GET /api/v1/assessments/trend': { status: 200, body: withOldScore } })

    const checkIn = await section('How are you feeling?')
    expect(
      await within(checkIn).findByText(/11 out of 27 \(moderate\)\. It’s time for a new one\./),
    ).toBeInTheDocument()
    expect(within(checkIn).getByRole('link', { name: 'Start a mood check-in' })).toBeInTheDocument()
  })

  it('explains a section that failed to load, next to it, without hiding the others', async () => {
    renderDashboard({ 'GET /api/v1/plan': { status: 500 } })

    const planSection = await section('Your treatment plan')
    expect(await within(planSection).findByText('We couldn’t load your plan')).toBeInTheDocument()
    expect(within(planSection).getByRole('button', { name: 'Try again' })).toBeInTheDocument()
    expect(await within(await section('Notifications')).findByText('You’re all caught up.')).toBeInTheDocument()
  })
})
