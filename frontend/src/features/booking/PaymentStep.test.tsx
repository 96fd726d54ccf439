import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Payment } from '../../lib/bookingApi'
import { appointment, checkout, denverClinic, drLee, payment, service, slot } from '../../test/bookingFixtures'
import { page, patientSession } from '../../test/careFixtures'
import { mockFetch, type Reply, type SentRequest } from '../../test/mockFetch'
import { renderApp, renderWithProviders } from '../../test/renderWithProviders'
import { PaymentStep } from './PaymentStep'

// Stripe's scripts and iframes never load here: the page talks to these stand-ins instead.
const stripe = vi.hoisted(() => ({
  instance: { confirmPayment: vi.fn() },
  elements: { kind: 'elements' },
  loadStripe: vi.fn(),
  elementsOptions: vi.fn(),
}))

vi.mock('@stripe/stripe-js', () => ({ loadStripe: stripe.loadStripe }))

vi.mock('@stripe/react-stripe-js', () => ({
  Elements: ({ options, children }: { options: unknown; children: ReactNode }) => {
    stripe.elementsOptions(options)
    return children
  },
  PaymentElement: () => <div role="group" aria-label="Card details" />,
  useStripe: () => stripe.instance,
  useElements: () => stripe.elements,
}))

const held = appointment({ status: 'held', hold_expires_at: '2026-12-01T12:15:00Z' })
const PAYMENTS = `GET /api/v1/appointments/${held.id}/payments`
const CHECKOUT = `POST /api/v1/payments/${payment().id}/checkout`
const CONFIRMATION = `POST /api/v1/payments/${payment().id}/confirmation`
const paid = payment({ status: 'succeeded', paid_at: '2026-12-01T12:03:00Z' })

const declined = {
  error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
}
const charged = { paymentIntent: { id: 'pi_123', status: 'succeeded' } }

const to = (route: string) => (request: SentRequest) => `${request.method} ${request.url}` === route
const count = (sent: SentRequest[], route: string) => sent.filter(to(route)).length

/** The payment API: the payment reads back as `afterPaying` once the confirmation has answered. */
function paymentRoutes(afterPaying: Payment = paid): Record<string, Reply | (() => Reply)> {
  let current = payment()
  return {
    [PAYMENTS]: () => ({ status: 200, body: [current] }),
    [CHECKOUT]: () =>
      current.status === 'requires_payment'
        ? { status: 200, body: checkout() }
        : { status: 409, body: { code: 'nothing_to_pay', message: 'This payment is paid.' } },
    [CONFIRMATION]: () => {
      current = afterPaying
      return { status: 200, body: current }
    },
  }
}

function renderPaymentStep(afterPaying?: Payment) {
  const onPaid = vi.fn()
  const requests = mockFetch({ ...patientSession, ...paymentRoutes(afterPaying) })
  renderWithProviders(
    <PaymentStep
      appointmentId={held.id}
      holdExpiresAt={held.hold_expires_at}
      clinicTimeZone="America/Denver"
      onPaid={onPaid}
    />,
  )
  return { ...requests, onPaid }
}

describe('paying for a held booking', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T12:00:00Z') })
    stripe.loadStripe.mockResolvedValue(stripe.instance)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.clearAllMocks()
  })

  it('takes the patient from the free times through the payment to the booking, with a calendar file', async () => {
    const consultation = service({ price_cents: 15000 })
    stripe.instance.confirmPayment.mockResolvedValue(charged)
    const { sent } = mockFetch({
      ...patientSession,
      'GET /api/v1/me/profile': { status: 200, body: { timezone: 'America/Denver', region: 'US-CO' } },
      'GET /api/v1/plan': { status: 404, body: { code: 'no_plan', message: 'No treatment plan yet.' } },
      'GET /api/v1/clinics': { status: 200, body: page([denverClinic]) },
      'GET /api/v1/clinics/denver/services': { status: 200, body: [consultation] },
      'GET /api/v1/clinics/denver/payment-policy': {
        status: 200,
        body: {
          clinic: 'denver',
          payment_mode: 'stripe',
          payment_mode_label: 'Paid online with Stripe',
          publishable_key: 'pk_test_denver',
          policy: null,
          services: [{ ...consultation, due_at_booking_cents: 5000 }],
          card_on_file_terms: null,
        },
      },
      'GET /api/v1/clinics/denver/availability?service=consultation&start=2026-12-01&end=2026-12-31&visit_region=US-CO':
        {
          status: 200,
          body: {
            start: '2026-12-01',
            end: '2026-12-31',
            viewer_timezone: null,
            slots: [slot('2026-12-10T16:00:00Z', '2026-12-10T09:00', 'MST', [drLee])],
          },
        },
      'GET /api/v1/escort': { status: 404, body: { code: 'no_escort', message: 'No escort has been named yet.' } },
      // The clinic takes payment at booking, so the API holds the time instead of confirming it.
      'POST /api/v1/appointments': { status: 201, body: held },
      ...paymentRoutes(),
    })
    const user = userEvent.setup()
    renderApp('/book')

    await user.click(await screen.findByRole('radio', { name: /Initial consultation/ }))
    await user.click(screen.getByRole('button', { name: 'Choose a time' }))
    await user.click(await screen.findByRole('radio', { name: /9:00 AM MST/ }))
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await user.click(await screen.findByRole('button', { name: 'Confirm and continue to payment' }))

    expect(await screen.findByRole('heading', { name: /Pay to confirm your booking/ })).toBeInTheDocument()
    expect(await screen.findByRole('group', { name: 'Card details' })).toBeInTheDocument()
    expect(screen.getByText(/Amount to pay now:/)).toHaveTextContent(
      'Amount to pay now: $50.00. We are holding this time for you until 5:15 AM (clinic time).',
    )
    const [checkoutRequest] = sent.filter(to(CHECKOUT))
    expect(checkoutRequest.body).toEqual({ save_card: false, consent_text_version: '' })
    expect(stripe.loadStripe).toHaveBeenCalledWith('pk_test_denver')
    expect(stripe.elementsOptions).toHaveBeenLastCalledWith(
      expect.objectContaining({ clientSecret: 'pi_123_secret_456' }),
    )

    await user.click(screen.getByRole('button', { name: 'Pay and confirm' }))

    expect(await screen.findByText('You’re booked')).toBeInTheDocument()
    expect(stripe.instance.confirmPayment).toHaveBeenCalledWith({
      elements: stripe.elements,
      redirect: 'if_required',
      confirmParams: { return_url: `${window.location.origin}/appointments/${held.id}` },
    })
    expect(count(sent, CONFIRMATION)).toBe(1)
    expect(count(sent, CHECKOUT)).toBe(1)
    expect(screen.getByRole('link', { name: 'Add to your calendar' })).toHaveAttribute(
      'href',
      `/api/v1/appointments/${held.id}/calendar.ics`,
    )
  })

  it('shows Stripe’s words beside the form when the card is declined, and retries the same payment', async () => {
    stripe.instance.confirmPayment.mockResolvedValueOnce(declined).mockResolvedValueOnce(charged)
    const { sent, onPaid } = renderPaymentStep()
    const user = userEvent.setup()

    const pay = await screen.findByRole('button', { name: 'Pay and confirm' })
    await user.click(pay)

    const refusal = await screen.findByRole('alert')
    expect(refusal).toHaveTextContent('The payment didn’t go through')
    expect(refusal).toHaveTextContent('Your card was declined.')
    // Next to the form, which stays open for another card.
    expect(refusal.parentElement).toContainElement(screen.getByRole('group', { name: 'Card details' }))
    expect(pay).toBeEnabled()
    expect(count(sent, CONFIRMATION)).toBe(0)
    expect(onPaid).not.toHaveBeenCalled()

    await user.click(pay)

    await waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1))
    // One payment intent for both attempts: the retry confirms the same one, it does not start another.
    expect(stripe.instance.confirmPayment).toHaveBeenCalledTimes(2)
    expect(count(sent, CHECKOUT)).toBe(1)
    expect(count(sent, CONFIRMATION)).toBe(1)
    expect(stripe.elementsOptions).toHaveBeenLastCalledWith(
      expect.objectContaining({ clientSecret: 'pi_123_secret_456' }),
    )
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('after a charge the portal could not confirm, retries the confirmation without charging again', async () => {
    stripe.instance.confirmPayment.mockResolvedValue(charged)
    const onPaid = vi.fn()
    const routes = paymentRoutes()
    let confirmations = 0
    const { sent } = mockFetch({
      ...patientSession,
      ...routes,
      [CONFIRMATION]: () => {
        confirmations += 1
        return confirmations === 1 ? { status: 502 } : (routes[CONFIRMATION] as () => Reply)()
      },
    })
    renderWithProviders(
      <PaymentStep appointmentId={held.id} holdExpiresAt={null} clinicTimeZone="America/Denver" onPaid={onPaid} />,
    )
    const user = userEvent.setup()

    await user.click(await screen.findByRole('button', { name: 'Pay and confirm' }))

    const problem = await screen.findByRole('alert')
    expect(problem).toHaveTextContent('We have your payment, but couldn’t confirm your booking yet')
    expect(problem).toHaveTextContent('Your card won’t be charged again.')
    await user.click(screen.getByRole('button', { name: 'Confirm my booking' }))

    await waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1))
    expect(stripe.instance.confirmPayment).toHaveBeenCalledTimes(1)
    expect(count(sent, CONFIRMATION)).toBe(2)
  })

  it('sends one payment to Stripe for a double click on Pay', async () => {
    let finish: (result: typeof charged) => void = () => {}
    stripe.instance.confirmPayment.mockImplementation(() => new Promise((resolve) => (finish = resolve)))
    const { sent, onPaid } = renderPaymentStep()
    const user = userEvent.setup()

    const pay = await screen.findByRole('button', { name: 'Pay and confirm' })
    await user.dblClick(pay)

    await waitFor(() => expect(pay).toBeDisabled())
    expect(stripe.instance.confirmPayment).toHaveBeenCalledTimes(1)

    finish(charged)
    await waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1))
    expect(stripe.instance.confirmPayment).toHaveBeenCalledTimes(1)
    expect(count(sent, CONFIRMATION)).toBe(1)
  })

  it('tells the patient the booking follows once a payment that is still processing clears', async () => {
    stripe.instance.confirmPayment.mockResolvedValue({ paymentIntent: { id: 'pi_123', status: 'processing' } })
    const { sent, onPaid } = renderPaymentStep(payment({ status: 'processing' }))
    const user = userEvent.setup()

    await user.click(await screen.findByRole('button', { name: 'Pay and confirm' }))

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Your payment is being processed. Your booking is confirmed as soon as it clears.',
    )
    // The payment reads back as processing: no form to pay with again, and no second checkout.
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Card details' })).not.toBeInTheDocument())
    expect(screen.queryByRole('button', { name: 'Pay and confirm' })).not.toBeInTheDocument()
    expect(count(sent, CHECKOUT)).toBe(1)
    expect(onPaid).not.toHaveBeenCalled()
  })
})
