import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { patientSession } from '../../test/careFixtures'
import { mockFetch, type Reply, type SentRequest } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'
import type { OutsideCare, SharedSummary, SharingConsent } from './careTeamApi'

const WORDING = 'I, Samantha Rivera, allow the clinics…\nThe summary may contain only:\n- my PHQ-9 and GAD-7 scores;'
// hashlib.sha256(WORDING.encode("utf-8")).hexdigest()
const WORDING_SHA256 = 'b0ef6a4c4cbd9ba40536e44845db8dcba253b551641ff7e03cf90005f40063ea'

const provider = {
  name: 'Dr. Jane Moss',
  practice: 'Riverside Psychiatry',
  email: 'jane.moss@riverside.example',
  fax: '',
  updated_at: '2026-11-01T12:00:00Z',
}

const consent: SharingConsent = {
  id: 'ffffffff-0000-4000-8000-000000000001',
  version: 1,
  provider_name: 'Dr. Jane Moss',
  provider_practice: 'Riverside Psychiatry',
  provider_email: 'jane.moss@riverside.example',
  provider_fax: '',
  sections: ['assessments'],
  valid_until: '2027-06-30',
  lapses_at: '2027-07-01T04:00:00Z',
  terms_version: 1,
  wording: WORDING,
  wording_sha256: WORDING_SHA256,
  typed_name: 'Samantha Rivera',
  given_at: '2026-11-02T12:00:00Z',
  revoked_at: null,
  is_live: true,
}

const opened: SharedSummary = {
  id: 'eeeeeeee-0000-4000-8000-000000000001',
  created_at: '2026-11-03T15:00:00Z',
  clinic_name: 'Evergreen Brooklyn',
  shared_with: 'Dr. Jane Moss',
  shared_with_practice: 'Riverside Psychiatry',
  sections: ['assessments'],
  email_status: 'sent',
  email_sent_at: '2026-11-03T15:00:05Z',
  first_viewed_at: '2026-11-04T09:00:00Z',
  downloaded_at: '2026-11-04T09:01:00Z',
  link_expires_at: '2026-11-10T15:00:00Z',
  link_state: 'downloaded',
}

const overview = (overrides: Partial<OutsideCare> = {}): Reply => ({
  status: 200,
  body: { provider: null, consent: null, latest_valid_until: '2027-11-01', summaries: [], ...overrides },
})

function renderCareTeam(routes: Record<string, Reply | ((request: SentRequest) => Reply)>) {
  const fetch = mockFetch({ ...patientSession, ...routes })
  renderApp('/care-team')
  return fetch
}

describe('your outside care team', () => {
  it('names the provider, shows the wording for the choices, and agrees to exactly that text', async () => {
    let state = overview({ provider })
    const { sent } = renderCareTeam({
      'GET /api/v1/me/outside-care': () => state,
      'POST /api/v1/me/outside-care/consent-wording': {
        status: 200,
        body: { terms_version: 1, text: WORDING, sha256: WORDING_SHA256 },
      },
      'POST /api/v1/me/outside-care/consents': () => {
        state = overview({ provider, consent })
        return { status: 201, body: consent }
      },
    })
    const user = userEvent.setup()
    const section = await screen.findByRole('region', { name: 'Consent to share' })
    expect(within(section).getByRole('status')).toHaveTextContent('You have not given consent to share yet.')
    await user.click(within(section).getByRole('checkbox', { name: 'Your PHQ-9 and GAD-7 scores over time' }))
    await user.type(within(section).getByLabelText('Share until'), '2027-06-30')
    await user.click(within(section).getByRole('button', { name: 'Review the wording' }))
    expect(await within(section).findByRole('region', { name: 'Wording of the consent' })).toHaveTextContent(
      'my PHQ-9 and GAD-7 scores',
    )
    await user.type(within(section).getByLabelText(/Type your full legal name to agree/), 'Samantha Rivera')
    await user.click(within(section).getByRole('button', { name: 'Agree and give consent' }))

    await waitFor(() =>
      expect(within(section).getByRole('status')).toHaveTextContent(
        'You allow the clinic to share with Dr. Jane Moss (Riverside Psychiatry)',
      ),
    )
    const wordingRequest = sent.find((request) => request.url === '/api/v1/me/outside-care/consent-wording')!
    expect(wordingRequest.body).toEqual({ sections: ['assessments'], valid_until: '2027-06-30' })
    const given = sent.find((request) => request.url === '/api/v1/me/outside-care/consents')!
    expect(given.body).toMatchObject({
      sections: ['assessments'],
      valid_until: '2027-06-30',
      typed_name: 'Samantha Rivera',
    })
    // The hash of the very text on screen.
    expect((given.body as { sha256: string }).sha256).toBe(WORDING_SHA256)
  })

  it('shows the field errors of a provider the API refuses', async () => {
    renderCareTeam({
      'GET /api/v1/me/outside-care': overview(),
      'PUT /api/v1/me/outside-care/provider': {
        status: 400,
        body: {
          code: 'invalid',
          message: 'Some of the information is not valid.',
          fields: { email: ['Enter a valid email address.'] },
        },
      },
    })
    const user = userEvent.setup()
    const form = await screen.findByRole('region', { name: 'Your outside provider' })
    expect(screen.queryByRole('region', { name: 'Consent to share' })).not.toBeInTheDocument()
    await user.type(within(form).getByLabelText(/Their name/), 'Dr. Jane Moss')
    await user.type(within(form).getByLabelText(/Practice or organization/), 'Riverside')
    await user.type(within(form).getByLabelText(/Their e-mail/), 'nope')
    await user.click(within(form).getByRole('button', { name: 'Save provider' }))
    expect(await within(form).findByText('Enter a valid email address.')).toBeInTheDocument()
    expect(within(form).getByLabelText(/Their e-mail/)).toHaveFocus()
  })

  it('lists what was shared and when, and stops sharing after confirming', async () => {
    let state = overview({ provider, consent, summaries: [opened] })
    const { sent } = renderCareTeam({
      'GET /api/v1/me/outside-care': () => state,
      [`POST /api/v1/me/outside-care/consents/${consent.id}/revocation`]: () => {
        const revoked = { ...consent, revoked_at: '2026-11-05T12:00:00Z', is_live: false }
        state = overview({ provider, consent: revoked, summaries: [opened] })
        return { status: 200, body: revoked }
      },
    })
    const user = userEvent.setup()
    const shared = await screen.findByRole('region', { name: 'What was shared' })
    const item = within(shared).getByRole('article')
    expect(item).toHaveTextContent('Evergreen Brooklyn to Dr. Jane Moss')
    expect(item).toHaveTextContent('Opened')
    expect(item).toHaveTextContent('Contained: Your PHQ-9 and GAD-7 scores over time.')

    await user.click(screen.getByRole('button', { name: 'Stop sharing' }))
    const dialog = await screen.findByRole('dialog', { name: 'Stop sharing?' })
    await user.click(within(dialog).getByRole('button', { name: 'Stop sharing' }))
    await waitFor(() =>
      expect(within(screen.getByRole('region', { name: 'Consent to share' })).getByRole('status')).toHaveTextContent(
        'You revoked your consent on',
      ),
    )
    expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1)
  })
})
