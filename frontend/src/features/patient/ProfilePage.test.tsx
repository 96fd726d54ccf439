import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { PatientProfile } from '../../lib/portalApi'
import { allauthConfig, signedIn } from '../../test/fixtures'
import { mockFetch, type Reply } from '../../test/mockFetch'
import { renderWithProviders } from '../../test/renderWithProviders'
import { ProfilePage } from './ProfilePage'

const savedProfile: PatientProfile = {
  legal_name: 'Samantha Rivera',
  preferred_name: 'Sam',
  date_of_birth: '1990-04-12',
  phone: '+12125550100',
  region: 'US-NY',
  timezone: 'America/New_York',
  emergency_contact_name: 'Alex Rivera',
  emergency_contact_phone: '+12125550199',
}

function renderProfile(patchReply: Reply) {
  const fetch = mockFetch({
    'GET /_allauth/browser/v1/config': allauthConfig,
    'GET /_allauth/browser/v1/auth/session': signedIn,
    'GET /api/v1/me/profile': { status: 200, body: savedProfile },
    'PATCH /api/v1/me/profile': patchReply,
  })
  renderWithProviders(<ProfilePage />, { route: '/profile' })
  return fetch
}

describe('profile form', () => {
  it('shows each field error from the API next to its input', async () => {
    renderProfile({
      status: 400,
      body: {
        code: 'invalid',
        message: 'Some details need another look.',
        fields: {
          phone: ['Enter the number with its country code, like +1 212 555 0100.'],
          date_of_birth: ['Date of birth can’t be in the future.'],
        },
      },
    })
    const user = userEvent.setup()

    const phone = await screen.findByLabelText(/Mobile phone/)
    await user.clear(phone)
    await user.type(phone, '555 0100')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))

    expect(await screen.findByText('Enter the number with its country code, like +1 212 555 0100.')).toBeInTheDocument()
    expect(phone).toHaveAttribute('aria-invalid', 'true')
    expect(phone).toHaveAccessibleDescription(/Enter the number with its country code/)

    const dateOfBirth = screen.getByLabelText(/Date of birth/)
    expect(dateOfBirth).toHaveAttribute('aria-invalid', 'true')
    expect(dateOfBirth).toHaveAccessibleDescription('Date of birth can’t be in the future.')
    // Focus goes to the first field in the form that needs attention.
    expect(dateOfBirth).toHaveFocus()

    expect(screen.getByLabelText(/Legal name/)).not.toHaveAttribute('aria-invalid')
    expect(screen.getByText('Some details need another look.')).toBeInTheDocument()
  })

  it('sends the edited profile with phone numbers in E.164 form and confirms the save', async () => {
    const { sent } = renderProfile({ status: 200, body: { ...savedProfile, phone: '+12125550111' } })
    const user = userEvent.setup()

    const phone = await screen.findByLabelText(/Mobile phone/)
    await user.clear(phone)
    await user.type(phone, '+1 (212) 555-0111')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))

    expect(await screen.findByRole('status')).toHaveTextContent('Your details have been saved.')
    const patch = sent.find((request) => request.method === 'PATCH')
    expect(patch?.body).toEqual({ ...savedProfile, phone: '+12125550111' })
  })
})
