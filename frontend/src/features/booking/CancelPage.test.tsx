import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { appointment, quote } from '../../test/bookingFixtures'
import { patientSession } from '../../test/careFixtures'
import { mockFetch, type Reply } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

const booked = appointment()
const ID = booked.id
const lateQuote = quote({
  late: true,
  paid_cents: 5000,
  refund_cents: 0,
  kept_cents: 5000,
  fee_cents: 2500,
  fee_collection: 'payment_request',
  message: 'This is a late cancellation: the clinic keeps the $50.00 deposit and charges a fee of $25.00.',
})

function renderCancel(cancelQuote: Reply) {
  let cancelled = false
  const requests = mockFetch({
    ...patientSession,
    'GET /api/v1/me/profile': { status: 200, body: { timezone: 'America/Denver' } },
    [`GET /api/v1/appointments/${ID}`]: () => ({
      status: 200,
      body: cancelled ? { ...booked, status: 'cancelled', cancelled_by: 'patient' } : booked,
    }),
    [`GET /api/v1/appointments/${ID}/cancellation-quote`]: cancelQuote,
    [`POST /api/v1/appointments/${ID}/transitions`]: () => {
      cancelled = true
      return { status: 200, body: { ...booked, status: 'cancelled' } }
    },
    'GET /api/v1/clinics': { status: 200, body: { count: 0, next: null, previous: null, results: [] } },
  })
  renderApp(`/appointments/${ID}/cancel`)
  return requests
}

describe('cancelling an appointment', () => {
  it('shows the policy, the refund and the fee before the patient confirms', async () => {
    const { sent } = renderCancel({ status: 200, body: lateQuote })
    const user = userEvent.setup()

    const policy = await screen.findByRole('region', { name: 'Cancellation policy' })
    expect(within(policy).getByText(lateQuote.message)).toBeInTheDocument()
    expect(within(policy).getByText('Paid for this appointment: $50.00')).toBeInTheDocument()
    expect(within(policy).getByText('Kept by the clinic: $50.00')).toBeInTheDocument()
    expect(within(policy).getByText('Cancellation fee: $25.00')).toBeInTheDocument()
    expect(within(policy).getByText(/to pay in the portal/)).toBeInTheDocument()
    expect(sent.some((request) => request.method === 'POST')).toBe(false)

    await user.type(screen.getByLabelText('Reason (optional)'), '  Feeling unwell ')
    await user.click(screen.getByRole('button', { name: 'Cancel and accept the fee' }))

    expect(await screen.findByText('Your appointment has been cancelled.')).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Your appointment' })).toBeInTheDocument()
    const transition = sent.find((request) => request.method === 'POST')
    expect(transition?.body).toEqual({
      status: 'cancelled',
      reason: 'Feeling unwell',
      accepted_quote: { refund_cents: 0, fee_cents: 2500 },
    })
    await waitFor(() => expect(screen.getAllByText('Cancelled').length).toBeGreaterThan(0))
  })

  it('offers no cancel button when the clinic’s policy does not allow it online', async () => {
    renderCancel({
      status: 200,
      body: quote({ allowed: false, late: true, message: 'Please call Evergreen Denver on +13035550100 to cancel.' }),
    })

    expect(await screen.findByText('Please call Evergreen Denver on +13035550100 to cancel.')).toBeInTheDocument()
    expect(screen.getByText('This appointment can’t be cancelled online now')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Cancel/ })).not.toBeInTheDocument()
  })

  it('shows the new terms, and cancels nothing, when they changed since the page was loaded', async () => {
    const inTime = quote({ late: false, paid_cents: 5000, refund_cents: 5000, kept_cents: 0, fee_cents: 0 })
    let quoted = inTime
    const { sent } = mockFetch({
      ...patientSession,
      'GET /api/v1/me/profile': { status: 200, body: { timezone: 'America/Denver' } },
      [`GET /api/v1/appointments/${ID}`]: { status: 200, body: booked },
      [`GET /api/v1/appointments/${ID}/cancellation-quote`]: () => ({ status: 200, body: quoted }),
      [`POST /api/v1/appointments/${ID}/transitions`]: () => {
        quoted = lateQuote
        return {
          status: 409,
          body: {
            code: 'cancellation_quote_changed',
            message: 'What cancelling costs has changed since you looked, so nothing was cancelled or charged.',
          },
        }
      },
      'GET /api/v1/clinics': { status: 200, body: { count: 0, next: null, previous: null, results: [] } },
    })
    renderApp(`/appointments/${ID}/cancel`)
    const user = userEvent.setup()

    await user.click(await screen.findByRole('button', { name: 'Cancel my appointment' }))

    expect(await screen.findByText(/nothing was cancelled or charged/)).toBeInTheDocument()
    expect(await screen.findByText(lateQuote.message)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Cancel and accept the fee' })).toBeInTheDocument()
    const posted = sent.filter((request) => request.method === 'POST')
    expect(posted.map((request) => request.body)).toEqual([
      { status: 'cancelled', reason: '', accepted_quote: { refund_cents: 5000, fee_cents: 0 } },
    ])
  })
})
