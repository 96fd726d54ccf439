import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { appointment } from '../../test/bookingFixtures'
import { patientSession } from '../../test/careFixtures'
import { mockFetch, type SentRequest } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

const dose = appointment({
  service: { slug: 'iv', name: 'IV infusion session', kind: 'dosing', modality: 'in_person', route: 'iv_infusion' },
  is_telehealth: false,
  visit_region: '',
})
const ID = dose.id
const notConfirmed = {
  status: 'not_confirmed',
  escort_name: '',
  escort_phone: '',
  answered_at: null,
  answered_by_text: false,
}

function renderDose() {
  const requests = mockFetch({
    ...patientSession,
    'GET /api/v1/me/profile': { status: 200, body: { timezone: 'America/Denver' } },
    [`GET /api/v1/appointments/${ID}`]: { status: 200, body: dose },
    [`GET /api/v1/appointments/${ID}/ride-home`]: { status: 200, body: notConfirmed },
    'GET /api/v1/escort': {
      status: 200,
      body: { name: 'Jo Rivera', phone: '+13035550123', no_driving_acknowledged_at: null, updated_at: '' },
    },
    [`PUT /api/v1/appointments/${ID}/ride-home`]: (request: SentRequest) => {
      const answer = request.body as { needs_help: boolean; escort_name: string; escort_phone: string }
      return {
        status: 200,
        body: {
          ...notConfirmed,
          status: answer.needs_help ? 'needs_help' : 'confirmed',
          escort_name: answer.escort_name,
          escort_phone: answer.escort_phone,
          answered_at: '2026-12-09T15:00:00Z',
        },
      }
    },
    'GET /api/v1/clinics': { status: 200, body: { count: 0, next: null, previous: null, results: [] } },
  })
  renderApp(`/appointments/${ID}`)
  return requests
}

describe('the ride home after a dose', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-09T12:00:00Z') })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('offers the saved escort and confirms them for this appointment', async () => {
    const { sent } = renderDose()
    const user = userEvent.setup()

    expect(await screen.findByRole('heading', { name: 'Your ride home' })).toBeInTheDocument()
    expect(await screen.findByText('Not confirmed yet.')).toBeInTheDocument()
    expect(await screen.findByDisplayValue('Jo Rivera')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Confirm my ride home' }))

    expect(await screen.findByText('Jo Rivera will take you home.')).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'PUT')?.body).toEqual({
      needs_help: false,
      escort_name: 'Jo Rivera',
      escort_phone: '+13035550123',
    })
  })

  it('lets the patient say they need help getting home', async () => {
    renderDose()
    const user = userEvent.setup()

    await user.click(await screen.findByRole('button', { name: 'I need help getting home' }))
    expect(await screen.findByText('The clinic will call you about getting home.')).toBeInTheDocument()
  })
})
