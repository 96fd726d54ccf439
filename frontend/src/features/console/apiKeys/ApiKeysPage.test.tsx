import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockFetch } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import { BROOKLYN, page, signedInStaff, staffMe } from '../test/fixtures'
import '../test/preloadConsole'
import type { ApiKey } from './apiKeysApi'

const KEYS_URL = '/api/v1/clinics/brooklyn/api-keys'
const SCOPES = [
  { scope: 'system/*.read', label: 'Everything below' },
  { scope: 'system/Patient.read', label: 'Patients: names, dates of birth and contact details' },
  { scope: 'system/Appointment.read', label: 'Appointments, with their patients' },
]
const EHR: ApiKey = {
  id: 'eeeeeeee-0000-4000-8000-000000000001',
  name: 'EHR sync',
  prefix: 'Ab12Cd34',
  scopes: ['system/Patient.read'],
  created_at: '2026-03-02T15:00:00Z',
  created_by: 'brooklyn.admin@example.com',
  last_used_at: '2026-03-09T14:00:00Z',
  expires_at: null,
  revoked_at: null,
}
const admin = () => signedInStaff(staffMe({ memberships: [{ clinic: BROOKLYN, role: 'clinic_admin' }] }))
const noAlerts = { 'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]) }
const FIRST_RENDER = { timeout: 10_000 }

describe('the API keys page', () => {
  it('makes a key with the chosen scopes, shows its secret once, and lists it', async () => {
    let keys: ApiKey[] = []
    const made = { ...EHR, id: 'eeeeeeee-0000-4000-8000-000000000002', name: 'Billing', prefix: 'Zz99Yy88' }
    const { sent } = mockFetch({
      ...admin(),
      ...noAlerts,
      [`GET ${KEYS_URL}`]: () => ({ status: 200, body: { keys, scopes: SCOPES } }),
      [`POST ${KEYS_URL}`]: () => {
        keys = [made]
        return { status: 201, body: { ...made, secret: 'Zz99Yy88.the-whole-secret' } }
      },
    })
    renderApp('/clinic/brooklyn/api-keys')

    expect(await screen.findByText('This clinic has no API keys yet.', {}, FIRST_RENDER)).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'New API key' }))
    const dialog = await screen.findByRole('dialog', { name: 'New API key' })
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Billing')
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Appointments, with their patients/ }))
    await userEvent.type(within(dialog).getByLabelText(/Expires after/), '2027-01-31')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Make the key' }))

    const secret = await screen.findByRole('region', { name: 'New API key' })
    expect(within(secret).getByText('Zz99Yy88.the-whole-secret')).toBeInTheDocument()
    expect(within(secret).getByText(/you will not see it again/)).toBeInTheDocument()
    expect(within(secret).getByRole('button', { name: 'Copy key' })).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'POST')?.body).toEqual({
      name: 'Billing',
      scopes: ['system/Appointment.read'],
      expires_on: '2027-01-31',
    })
    expect(await screen.findByRole('article', { name: 'Billing' })).toBeInTheDocument()
    await userEvent.click(within(secret).getByRole('button', { name: 'I have stored it' }))
    expect(screen.queryByText('Zz99Yy88.the-whole-secret')).not.toBeInTheDocument()
  })

  it('revokes a key only once confirmed', async () => {
    let keys = [EHR]
    const { sent } = mockFetch({
      ...admin(),
      ...noAlerts,
      [`GET ${KEYS_URL}`]: () => ({ status: 200, body: { keys, scopes: SCOPES } }),
      [`POST ${KEYS_URL}/${EHR.id}/revocation`]: () => {
        keys = [{ ...EHR, revoked_at: '2026-03-10T15:00:00Z' }]
        return { status: 200, body: keys[0] }
      },
    })
    renderApp('/clinic/brooklyn/api-keys')

    const card = await screen.findByRole('article', { name: 'EHR sync' }, FIRST_RENDER)
    expect(within(card).getByText(/May read: Patients: names/)).toBeInTheDocument()
    expect(within(card).getByText('Active')).toBeInTheDocument()
    await userEvent.click(within(card).getByRole('button', { name: 'Revoke' }))
    const dialog = await screen.findByRole('dialog', { name: 'Revoke the API key' })
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep the key' }))
    expect(sent.some((request) => request.method === 'POST')).toBe(false)

    await userEvent.click(within(card).getByRole('button', { name: 'Revoke' }))
    await userEvent.click(
      within(await screen.findByRole('dialog', { name: 'Revoke the API key' })).getByRole('button', {
        name: 'Revoke the key',
      }),
    )
    const revoked = await screen.findByRole('article', { name: 'EHR sync' })
    expect(await within(revoked).findByText('Revoked')).toBeInTheDocument()
    expect(within(revoked).queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument()
  })

  it('shows the API’s field errors beside the fields', async () => {
    mockFetch({
      ...admin(),
      ...noAlerts,
      [`GET ${KEYS_URL}`]: { status: 200, body: { keys: [], scopes: SCOPES } },
      [`POST ${KEYS_URL}`]: {
        status: 400,
        body: {
          code: 'invalid',
          message: 'Some of the information is not valid.',
          fields: { expires_on: ['Choose an expiry date in the future.'] },
        },
      },
    })
    renderApp('/clinic/brooklyn/api-keys')

    await userEvent.click(await screen.findByRole('button', { name: 'New API key' }, FIRST_RENDER))
    const dialog = await screen.findByRole('dialog', { name: 'New API key' })
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Old')
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Everything below/ }))
    await userEvent.type(within(dialog).getByLabelText(/Expires after/), '2020-01-01')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Make the key' }))
    expect(await within(dialog).findByText('Choose an expiry date in the future.')).toBeInTheDocument()
    expect(within(dialog).getByText('Some of the information is not valid.')).toBeInTheDocument()
  })
})
