import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { allauthConfig, me, signedIn } from '../test/fixtures'
import { mockFetch, type Reply } from '../test/mockFetch'
import { renderApp } from '../test/renderWithProviders'

function signedInWithMe(meReply: Reply) {
  mockFetch({
    'GET /_allauth/browser/v1/config': allauthConfig,
    'GET /_allauth/browser/v1/auth/session': signedIn,
    'GET /api/v1/me': meReply,
  })
}

async function expectSetupPrompt() {
  expect(await screen.findByText('Set up two-factor authentication to continue')).toBeInTheDocument()
  expect(screen.getByRole('link', { name: 'Set up two-factor authentication' })).toHaveAttribute(
    'href',
    '/account/security/two-factor',
  )
}

describe('two-factor prompt for staff', () => {
  it('replaces the error when the API answers 403 mfa_required', async () => {
    signedInWithMe({
      status: 403,
      body: { code: 'mfa_required', message: 'Two-factor authentication is required for staff accounts.' },
    })
    renderApp('/')

    await expectSetupPrompt()
    expect(screen.queryByText('Two-factor authentication is required for staff accounts.')).not.toBeInTheDocument()
  })

  it('is shown in the clinic console to a staff member without two-factor authentication', async () => {
    signedInWithMe({
      status: 200,
      body: me({
        is_staff_member: true,
        mfa_enabled: false,
        memberships: [
          { clinic: { slug: 'brooklyn', name: 'Brooklyn Clinic', timezone: 'America/New_York' }, role: 'provider' },
        ],
      }),
    })
    renderApp('/clinic')

    await expectSetupPrompt()
    expect(screen.queryByText('Brooklyn Clinic')).not.toBeInTheDocument()
  })

  it('lists the clinics of a staff member who uses two-factor authentication', async () => {
    signedInWithMe({
      status: 200,
      body: me({
        is_staff_member: true,
        mfa_enabled: true,
        mfa_passed: true,
        memberships: [
          { clinic: { slug: 'brooklyn', name: 'Brooklyn Clinic', timezone: 'America/New_York' }, role: 'provider' },
        ],
      }),
    })
    renderApp('/clinic')

    expect(await screen.findByRole('heading', { name: 'Brooklyn Clinic' })).toBeInTheDocument()
    expect(screen.getByText('Provider')).toBeInTheDocument()
    expect(screen.queryByText('Set up two-factor authentication to continue')).not.toBeInTheDocument()
  })

  it('asks a staff member with two-factor to confirm a session that has not passed it, then opens the console', async () => {
    document.cookie = 'csrftoken=csrf123'
    const staff = {
      is_staff_member: true,
      mfa_enabled: true,
      memberships: [
        {
          clinic: { slug: 'brooklyn', name: 'Brooklyn Clinic', timezone: 'America/New_York' },
          role: 'provider' as const,
        },
      ],
    }
    let confirmed = false
    const { sent } = mockFetch({
      'GET /_allauth/browser/v1/config': allauthConfig,
      'GET /_allauth/browser/v1/auth/session': signedIn,
      'GET /api/v1/me': () => ({ status: 200, body: me({ ...staff, mfa_passed: confirmed }) }),
      'POST /_allauth/browser/v1/auth/2fa/reauthenticate': () => {
        confirmed = true
        return signedIn
      },
    })
    const user = userEvent.setup()
    renderApp('/clinic')

    expect(await screen.findByText('Confirm it’s you to continue')).toBeInTheDocument()
    expect(screen.queryByText('Set up two-factor authentication to continue')).not.toBeInTheDocument()
    await user.click(screen.getByRole('link', { name: 'Confirm with a code' }))

    await user.type(await screen.findByLabelText(/Code from your authenticator app/), '123 456')
    await user.click(screen.getByRole('button', { name: 'Confirm' }))

    expect(await screen.findByRole('heading', { name: 'Brooklyn Clinic' })).toBeInTheDocument()
    expect(sent.find((request) => request.url.endsWith('/2fa/reauthenticate'))?.body).toEqual({ code: '123456' })
  })
})
