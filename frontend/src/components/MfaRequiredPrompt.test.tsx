import { screen } from '@testing-library/react'
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
})
