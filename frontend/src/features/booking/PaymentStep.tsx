import { Alert, Button, Stack, Text } from '@mantine/core'
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js'
import { loadStripe, type Stripe, type StripeElements } from '@stripe/stripe-js'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { generatePath } from 'react-router'
import { paths } from '../../app/paths'
import { ErrorAlert } from '../../components/ErrorAlert'
import { QueryState } from '../../components/QueryState'
import {
  bookingQueryKeys,
  confirmPayment,
  getAppointmentPayments,
  startCheckout,
  type Checkout,
  type Payment,
} from '../../lib/bookingApi'
import { errorMessage } from '../../lib/http'
import { formatTime } from '../../lib/time'
import { formatMoney } from './bookingTerms'

interface PaymentStepProps {
  appointmentId: string
  /** The booking is held for the patient until then (UTC). */
  holdExpiresAt: string | null
  clinicTimeZone: string
  onPaid: () => void
}

const isBookingPayment = (payment: Payment) => payment.kind === 'booking' || payment.kind === 'series'

/**
 * Pays for a held booking with Stripe's Payment Element, then asks the portal to read the payment back
 * at once, which confirms the booking (the webhook would too, a little later).
 */
export function PaymentStep({ appointmentId, holdExpiresAt, clinicTimeZone, onPaid }: PaymentStepProps) {
  const payments = useQuery({
    queryKey: ['booking', 'payments', appointmentId],
    queryFn: () => getAppointmentPayments(appointmentId),
  })
  const payment = payments.data?.find(isBookingPayment)
  // Checkout is safe to repeat (one payment intent per payment), so it is read like a query. Its key stays
  // outside 'booking' on purpose: refreshing the booking once paid must not check out the paid payment again.
  const checkout = useQuery({
    queryKey: ['checkout', payment?.id],
    queryFn: () => startCheckout(payment?.id ?? ''),
    enabled: payment?.status === 'requires_payment',
    staleTime: Infinity,
  })

  if (payments.isPending || payments.isError) {
    return <QueryState query={payments} loading="Getting your payment ready…" failed="We couldn’t load the payment" />
  }
  if (!payment) {
    return (
      <ErrorAlert
        title="Nothing to pay online"
        message="This booking has no online payment. Please contact the clinic."
      />
    )
  }
  if (payment.status === 'succeeded') {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>Your payment of {formatMoney(payment.amount_cents, payment.currency)} has been received.</Text>
        <Button onClick={onPaid}>Continue</Button>
      </Stack>
    )
  }
  if (payment.status === 'processing') {
    return <Text role="status">Your payment is being processed. Your booking is confirmed as soon as it clears.</Text>
  }
  if (payment.status === 'canceled') {
    return (
      <ErrorAlert
        title="This payment is closed"
        message="The time was released before the payment went through. Please book again."
      />
    )
  }
  return (
    <Stack gap="md">
      <Text>
        Amount to pay now: <strong>{formatMoney(payment.amount_cents, payment.currency)}</strong>.
        {holdExpiresAt &&
          ` We are holding this time for you until ${formatTime(holdExpiresAt, clinicTimeZone)} (clinic time).`}
      </Text>
      {checkout.isPending || checkout.isError ? (
        <QueryState
          query={checkout}
          loading="Opening the secure payment form…"
          failed="We couldn’t open the payment form"
        />
      ) : (
        <StripeForm checkout={checkout.data} appointmentId={appointmentId} onPaid={onPaid} />
      )}
    </Stack>
  )
}

function StripeForm({
  checkout,
  appointmentId,
  onPaid,
}: {
  checkout: Checkout
  appointmentId: string
  onPaid: () => void
}) {
  const stripe = useMemo(() => loadStripe(checkout.publishable_key), [checkout.publishable_key])
  return (
    <Elements stripe={stripe} options={{ clientSecret: checkout.client_secret, appearance: { theme: 'stripe' } }}>
      <PayButton paymentId={checkout.payment.id} appointmentId={appointmentId} onPaid={onPaid} />
    </Elements>
  )
}

class CardRefused extends Error {}

function PayButton({
  paymentId,
  appointmentId,
  onPaid,
}: {
  paymentId: string
  appointmentId: string
  onPaid: () => void
}) {
  const stripe = useStripe()
  const elements = useElements()
  const queryClient = useQueryClient()
  const [processing, setProcessing] = useState(false)
  // Once Stripe has taken the payment, a retry only asks the portal to read it back: never a second charge.
  const [charged, setCharged] = useState(false)
  const pay = useMutation({
    mutationFn: async () => {
      if (!charged) {
        await chargeCard(stripe, elements, appointmentId)
        setCharged(true)
      }
      return confirmPayment(paymentId)
    },
    onSuccess: (payment) => {
      void queryClient.invalidateQueries({ queryKey: bookingQueryKeys.all })
      if (payment.status === 'succeeded') onPaid()
      else setProcessing(true)
    },
  })
  return (
    <Stack gap="md">
      <PaymentElement />
      {pay.isError && <PaymentError error={pay.error} charged={charged} />}
      {processing && (
        <Alert color="blue" variant="light" role="status">
          Your payment is being processed. Your booking is confirmed as soon as it clears.
        </Alert>
      )}
      <Button size="md" onClick={() => pay.mutate()} loading={pay.isPending} disabled={!stripe || processing} maw={320}>
        {charged ? 'Confirm my booking' : 'Pay and confirm'}
      </Button>
    </Stack>
  )
}

/** Pays in Stripe's form; a refused card is thrown in Stripe's own words. */
async function chargeCard(stripe: Stripe | null, elements: StripeElements | null, appointmentId: string) {
  if (!stripe || !elements) throw new CardRefused('The payment form is still loading. Please try again.')
  const returnUrl = new URL(generatePath(paths.appointment, { appointmentId }), window.location.origin)
  const { error } = await stripe.confirmPayment({
    elements,
    redirect: 'if_required',
    confirmParams: { return_url: returnUrl.href },
  })
  if (error) throw new CardRefused(error.message ?? 'Your card was not charged. Please check the details.')
}

function PaymentError({ error, charged }: { error: Error; charged: boolean }) {
  if (charged) {
    return (
      <ErrorAlert
        title="We have your payment, but couldn’t confirm your booking yet"
        message={`${errorMessage(error)} Your card won’t be charged again.`}
      />
    )
  }
  return (
    <ErrorAlert
      title="The payment didn’t go through"
      message={error instanceof CardRefused ? error.message : errorMessage(error)}
    />
  )
}
