import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockFetch } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import { BROOKLYN, page, signedInStaff, staffMe } from '../test/fixtures'
import '../test/preloadConsole'
import type { SharingPatient, StaffSummary } from './outsideCareApi'

const PATIENTS = '/api/v1/clinics/brooklyn/outside-care/patients'
const MAYA_ID = 'cccccccc-0000-4000-8000-000000000001'

const summary: StaffSummary = {
  id: 'eeeeeeee-0000-4000-8000-000000000001',
  created_at: '2026-03-09T15:00:00Z',
  clinic_name: 'Evergreen Brooklyn',
  shared_with: 'Dr. Jane Moss',
  shared_with_practice: 'Riverside Psychiatry',
  sections: ['assessments'],
  email_status: 'sent',
  email_sent_at: '2026-03-09T15:00:05Z',
  first_viewed_at: null,
  downloaded_at: null,
  link_expires_at: '2026-03-16T15:00:00Z',
  link_state: 'live',
  sent_by: 'Dr. Ana Rivera',
}

const maya: SharingPatient = {
  id: MAYA_ID,
  email: 'maya@example.com',
  legal_name: 'Maya Thompson',
  preferred_name: 'Maya',
  consent: {
    id: 'ffffffff-0000-4000-8000-000000000001',
    version: 2,
    provider_name: 'Dr. Jane Moss',
    provider_practice: 'Riverside Psychiatry',
    provider_email: 'jane.moss@riverside.example',
    provider_fax: '',
    sections: ['attendance', 'assessments'],
    valid_until: '2026-06-30',
    lapses_at: '2026-07-01T04:00:00Z',
    terms_version: 1,
    wording: 'I, Maya Thompson, allow…',
    wording_sha256: '0'.repeat(64),
    typed_name: 'Maya Thompson',
    given_at: '2026-03-01T15:00:00Z',
    revoked_at: null,
    is_live: true,
  },
  summaries: [summary],
}

const provider = () => signedInStaff(staffMe({ memberships: [{ clinic: BROOKLYN, role: 'provider' }] }))
const alerts = { 'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]) }

describe('the outside care team console page', () => {
  it('lists patients who consent, what they allow, and their summaries', async () => {
    mockFetch({ ...provider(), ...alerts, [`GET ${PATIENTS}`]: { status: 200, body: [maya] } })
    renderApp('/clinic/brooklyn/outside-care')

    const card = await screen.findByRole('article', { name: /Maya Thompson/ }, { timeout: 5000 })
    expect(card).toHaveTextContent('Shares with Dr. Jane Moss (Riverside Psychiatry, jane.moss@riverside.example)')
    expect(card).toHaveTextContent('Allowed: attendance and the treatment plan, PHQ-9 and GAD-7 scores.')
    const table = within(card).getByRole('table', { name: /Summaries sent for Maya Thompson/ })
    const [row] = within(table).getAllByRole('row').slice(1)
    expect(row).toHaveTextContent('Dr. Ana Rivera')
    expect(row).toHaveTextContent('E-mail sent')
    expect(row).toHaveTextContent('Not opened yet')
  })

  it('sends once per decision, with an Idempotency-Key, and shows the refusal when consent ended', async () => {
    const { sent } = mockFetch({
      ...provider(),
      ...alerts,
      [`GET ${PATIENTS}`]: { status: 200, body: [{ ...maya, summaries: [] }] },
      [`POST ${PATIENTS}/${MAYA_ID}/summaries`]: {
        status: 409,
        body: { code: 'no_sharing_consent', message: 'The patient has no current consent to share.' },
      },
    })
    renderApp('/clinic/brooklyn/outside-care')
    const user = userEvent.setup()
    const card = await screen.findByRole('article', { name: /Maya Thompson/ }, { timeout: 5000 })
    expect(card).toHaveTextContent('No summary sent from this clinic yet.')
    await user.click(within(card).getByRole('button', { name: 'Send a summary' }))
    const dialog = await screen.findByRole('dialog', { name: 'Send a progress summary' })
    await user.click(within(dialog).getByRole('button', { name: 'Send the summary' }))
    expect(await within(dialog).findByText('The patient has no current consent to share.')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Send the summary' }))
    await waitFor(() => expect(sent.filter((request) => request.method === 'POST')).toHaveLength(2))
    const keys = sent
      .filter((request) => request.method === 'POST')
      .map((request) => request.headers['Idempotency-Key'])
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(keys[1]).toBe(keys[0])
  })

  it('tells the front desk that summaries are for clinicians', async () => {
    mockFetch({ ...signedInStaff(), ...alerts })
    renderApp('/clinic/brooklyn/outside-care')
    expect(
      await screen.findByText('Progress summaries are shared by the clinic’s providers and admins.', undefined, {
        timeout: 5000,
      }),
    ).toBeInTheDocument()
  })
})
