import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockFetch } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import { BROOKLYN, page, signedInStaff, staffMe } from '../test/fixtures'
import '../test/preloadConsole'
import type { WebhookDelivery, WebhookEndpoint } from './api'

const ADMIN = signedInStaff(staffMe({ memberships: [{ clinic: BROOKLYN, role: 'clinic_admin' }] }))
const LIST = 'GET /api/v1/clinics/brooklyn/webhook-endpoints'
const ENDPOINT_PATH = '/api/v1/clinics/brooklyn/webhook-endpoints/e-1'

const EHR: WebhookEndpoint = {
  id: 'e-1',
  url: 'https://ehr.example.com/hooks',
  description: 'Our EHR',
  events: ['appointment.booked', 'appointment.cancelled'],
  is_active: true,
  created_at: '2026-03-09T14:00:00Z',
  secret_rotated_at: null,
}

const FAILED: WebhookDelivery = {
  id: 'd-1',
  message_id: 'msg_d1',
  event_type: 'appointment.booked',
  status: 'failed',
  created_at: '2026-03-09T14:00:00Z',
  attempts: 8,
  last_attempt_at: '2026-03-10T18:00:00Z',
  last_status_code: 500,
  last_duration_ms: 120,
  last_error: 'HTTP 500',
  next_attempt_at: null,
  delivered_at: null,
}

describe('webhooks', () => {
  it('adds an endpoint with the events chosen and shows its secret once', async () => {
    let endpoints: WebhookEndpoint[] = []
    const { sent } = mockFetch({
      ...ADMIN,
      [LIST]: () => ({ status: 200, body: endpoints }),
      [`POST /api/v1/clinics/brooklyn/webhook-endpoints`]: (request) => {
        endpoints = [{ ...EHR, ...(request.body as object) }]
        return { status: 201, body: { ...endpoints[0], secret: 'whsec_c2VjcmV0LXNob3duLW9uY2U=' } }
      },
    })
    renderApp('/clinic/brooklyn/webhooks')

    expect(await screen.findByText('No endpoints yet.', {}, { timeout: 5000 })).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Add endpoint' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add an endpoint' })
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(dialog).findByText('Choose at least one event.')).toBeInTheDocument()

    await userEvent.type(within(dialog).getByLabelText(/URL/), 'https://ehr.example.com/hooks')
    await userEvent.type(within(dialog).getByLabelText('Description'), 'Our EHR')
    await userEvent.click(within(dialog).getByLabelText('An appointment is booked'))
    await userEvent.click(within(dialog).getByLabelText('A safety alert is raised'))
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))

    const secret = await screen.findByRole('dialog', { name: 'Signing secret' })
    expect(within(secret).getByText('whsec_c2VjcmV0LXNob3duLW9uY2U=')).toBeInTheDocument()
    expect(within(secret).getByRole('button', { name: 'Copy secret' })).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'POST')?.body).toEqual({
      url: 'https://ehr.example.com/hooks',
      description: 'Our EHR',
      events: ['appointment.booked', 'safety_alert.raised'],
    })
    await userEvent.click(within(secret).getByRole('button', { name: 'Done' }))
    expect(await screen.findByRole('article', { name: 'https://ehr.example.com/hooks' })).toBeInTheDocument()
    expect(screen.queryByText('whsec_c2VjcmV0LXNob3duLW9uY2U=')).not.toBeInTheDocument()
  })

  it('shows the refusal of a URL beside the field', async () => {
    mockFetch({
      ...ADMIN,
      [LIST]: { status: 200, body: [] },
      'POST /api/v1/clinics/brooklyn/webhook-endpoints': {
        status: 400,
        body: {
          code: 'webhook_destination_refused',
          message: 'The URL must start with https://.',
          fields: { url: ['The URL must start with https://.'] },
        },
      },
    })
    renderApp('/clinic/brooklyn/webhooks')
    await userEvent.click(await screen.findByRole('button', { name: 'Add endpoint' }, { timeout: 5000 }))
    const dialog = await screen.findByRole('dialog', { name: 'Add an endpoint' })
    await userEvent.type(within(dialog).getByLabelText(/URL/), 'http://ehr.example.com/hooks')
    await userEvent.click(within(dialog).getByLabelText('An appointment is booked'))
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(dialog).findByText('The URL must start with https://.')).toBeInTheDocument()
  })

  it('sends a test event, lists the deliveries and retries a failed one', async () => {
    let deliveries: WebhookDelivery[] = [FAILED]
    const { sent } = mockFetch({
      ...ADMIN,
      [LIST]: { status: 200, body: [EHR] },
      [`GET ${ENDPOINT_PATH}/deliveries?page=1`]: () => page(deliveries),
      [`POST ${ENDPOINT_PATH}/test-events`]: () => {
        const test: WebhookDelivery = {
          ...FAILED,
          id: 'd-2',
          event_type: 'webhook.test',
          status: 'pending',
          attempts: 0,
          last_status_code: null,
          last_error: '',
          next_attempt_at: '2026-03-11T14:00:00Z',
        }
        deliveries = [test, ...deliveries]
        return { status: 201, body: test }
      },
      [`POST ${ENDPOINT_PATH}/deliveries/d-1/retries`]: () => {
        deliveries = deliveries.map((each) => (each.id === 'd-1' ? { ...each, status: 'pending', attempts: 0 } : each))
        return { status: 200, body: deliveries[1] }
      },
    })
    renderApp('/clinic/brooklyn/webhooks')

    const card = await screen.findByRole('article', { name: EHR.url }, { timeout: 5000 })
    expect(within(card).getByText('Sends: An appointment is booked; An appointment is cancelled.')).toBeInTheDocument()
    await userEvent.click(within(card).getByRole('button', { name: 'Send test event' }))
    const log = await within(card).findByRole('region', { name: `Deliveries to ${EHR.url}` })
    expect(await within(log).findByText('Test event')).toBeInTheDocument()
    const failedRow = within(log).getByText('Failed').closest('tr')!
    expect(within(failedRow).getByText('HTTP 500')).toBeInTheDocument()
    await userEvent.click(within(failedRow).getByRole('button', { name: /^Retry: An appointment is booked/ }))
    expect(await within(log).findAllByText('Waiting')).toHaveLength(2)
    expect(sent.filter((request) => request.method === 'POST').map((request) => request.url)).toEqual([
      `${ENDPOINT_PATH}/test-events`,
      `${ENDPOINT_PATH}/deliveries/d-1/retries`,
    ])
  })

  it('pauses an endpoint and deletes it only once confirmed', async () => {
    let endpoints = [EHR]
    const { sent } = mockFetch({
      ...ADMIN,
      [LIST]: () => ({ status: 200, body: endpoints }),
      [`PATCH ${ENDPOINT_PATH}`]: (request) => {
        endpoints = [{ ...EHR, ...(request.body as object) }]
        return { status: 200, body: endpoints[0] }
      },
      [`DELETE ${ENDPOINT_PATH}`]: () => {
        endpoints = []
        return { status: 204 }
      },
    })
    renderApp('/clinic/brooklyn/webhooks')

    const card = await screen.findByRole('article', { name: EHR.url }, { timeout: 5000 })
    await userEvent.click(within(card).getByRole('button', { name: 'Pause' }))
    expect(await within(card).findByText('Paused')).toBeInTheDocument()
    expect(within(card).getByRole('button', { name: 'Send test event' })).toBeDisabled()
    expect(sent.find((request) => request.method === 'PATCH')?.body).toEqual({ is_active: false })

    await userEvent.click(within(card).getByRole('button', { name: 'Delete' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete this endpoint?' })
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep it as it is' }))
    expect(sent.some((request) => request.method === 'DELETE')).toBe(false)
    await userEvent.click(within(card).getByRole('button', { name: 'Delete' }))
    await userEvent.click(
      within(await screen.findByRole('dialog', { name: 'Delete this endpoint?' })).getByRole('button', {
        name: 'Delete endpoint',
      }),
    )
    expect(await screen.findByText('No endpoints yet.')).toBeInTheDocument()
  })
})
