import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockFetch } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import type { SafetyAlert } from '../api'
import { page, signedInStaff } from '../test/fixtures'
import '../test/preloadConsole'

const OPEN: SafetyAlert = {
  id: 3,
  reason: 'phq9_self_harm',
  reason_label: 'PHQ-9 item 9: thoughts of being better off dead or of self-harm',
  answer: 1,
  answer_label: 'Several days',
  raised_at: '2026-03-09T14:00:00Z',
  patient: { id: 'p-2', email: 'zoe@example.com', legal_name: 'Zoe Young', preferred_name: '', phone: '+12125550199' },
  assessment: {
    id: 9,
    instrument: 'phq9',
    answers: [],
    total_score: 12,
    severity: 'moderate',
    taken_at: '2026-03-09T14:00:00Z',
  },
  acknowledged_at: null,
  acknowledgement_note: '',
}

describe('safety alerts', () => {
  it('are acknowledged with a note, and then leave the open list', async () => {
    let open = [OPEN]
    const { sent } = mockFetch({
      ...signedInStaff(),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': () => page(open),
      'POST /api/v1/clinics/brooklyn/alerts/3/acknowledge': () => {
        open = []
        return {
          status: 200,
          body: { ...OPEN, acknowledged_at: '2026-03-09T15:00:00Z', acknowledged_by: 'desk@example.com' },
        }
      },
    })
    renderApp('/clinic/brooklyn/alerts')

    const card = await screen.findByRole('article', { name: 'Zoe Young' }, { timeout: 5000 })
    expect(within(card).getByText(/Answered “Several days”; PHQ-9 total 12/)).toBeInTheDocument()
    expect(within(card).getByRole('link', { name: '+12125550199' })).toHaveAttribute('href', 'tel:+12125550199')
    await userEvent.click(within(card).getByRole('button', { name: 'Acknowledge' }))
    const dialog = await screen.findByRole('dialog', { name: 'Acknowledge the alert' })
    await userEvent.type(within(dialog).getByLabelText(/Note/), 'Called; safety plan reviewed.')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Acknowledge' }))

    expect(await screen.findByText('No open alerts.')).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'POST')?.body).toEqual({ note: 'Called; safety plan reviewed.' })
  })

  it('tells the second person that someone else acknowledged the alert first', async () => {
    mockFetch({
      ...signedInStaff(),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': page([OPEN]),
      'POST /api/v1/clinics/brooklyn/alerts/3/acknowledge': {
        status: 409,
        body: { code: 'alert_already_acknowledged', message: 'Someone has already acknowledged this alert.' },
      },
    })
    renderApp('/clinic/brooklyn/alerts')

    await userEvent.click(await screen.findByRole('button', { name: 'Acknowledge' }, { timeout: 5000 }))
    const dialog = await screen.findByRole('dialog', { name: 'Acknowledge the alert' })
    await userEvent.click(within(dialog).getByRole('button', { name: 'Acknowledge' }))
    expect(await within(dialog).findByText('Someone has already acknowledged this alert.')).toBeInTheDocument()
  })
})
