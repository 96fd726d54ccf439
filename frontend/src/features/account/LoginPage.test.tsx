import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { allauthConfig, me, signedIn, signedOut } from '../../test/fixtures'
import { mockFetch } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

describe('signing in', () => {
  it('moves to the verification-code screen when allauth answers 401 with a pending mfa_authenticate flow', async () => {
    document.cookie = 'csrftoken=csrf123'
    const { sent } = mockFetch({
      'GET /_allauth/browser/v1/config': allauthConfig,
      'GET /_allauth/browser/v1/auth/session': signedOut(),
      'POST /_allauth/browser/v1/auth/login': signedOut('mfa_authenticate'),
      'POST /_allauth/browser/v1/auth/2fa/authenticate': signedIn,
      'GET /api/v1/me': { status: 200, body: me({ display_name: 'Sam' }) },
    })
    const user = userEvent.setup()
    renderApp('/account/login')

    await user.type(await screen.findByLabelText(/E-mail address/), 'sam@example.org')
    await user.type(screen.getByLabelText(/^Password/), 'correct horse battery')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))

    expect(await screen.findByRole('heading', { level: 1, name: 'Enter your verification code' })).toBeInTheDocument()
    const loginRequest = sent.find((request) => request.url.endsWith('/auth/login'))
    expect(loginRequest?.body).toEqual({ email: 'sam@example.org', password: 'correct horse battery' })
    expect(loginRequest?.headers['X-CSRFToken']).toBe('csrf123')

    await user.type(screen.getByLabelText(/6-digit code/), '123 456')
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }))

    expect(await screen.findByText('Welcome, Sam.')).toBeInTheDocument()
    expect(sent.find((request) => request.url.endsWith('/2fa/authenticate'))?.body).toEqual({ code: '123456' })
  })

  it('shows a wrong password next to the password field', async () => {
    mockFetch({
      'GET /_allauth/browser/v1/config': allauthConfig,
      'GET /_allauth/browser/v1/auth/session': signedOut(),
      'POST /_allauth/browser/v1/auth/login': {
        status: 400,
        body: {
          status: 400,
          errors: [
            {
              code: 'email_password_mismatch',
              param: 'password',
              message: 'The email address and/or password you specified are not correct.',
            },
          ],
        },
      },
    })
    const user = userEvent.setup()
    renderApp('/account/login')

    await user.type(await screen.findByLabelText(/E-mail address/), 'sam@example.org')
    await user.type(screen.getByLabelText(/^Password/), 'wrong')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))

    const password = screen.getByLabelText(/^Password/)
    expect(
      await screen.findByText('The email address and/or password you specified are not correct.'),
    ).toBeInTheDocument()
    expect(password).toHaveAttribute('aria-invalid', 'true')
    expect(password).toHaveAccessibleDescription(/not correct/)
  })
})
