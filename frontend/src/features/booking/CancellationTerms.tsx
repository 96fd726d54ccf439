import { List, Stack, Text } from '@mantine/core'
import type { CancellationQuote } from '../../lib/bookingApi'
import { formatDateTime } from '../../lib/time'
import { formatMoney } from './bookingTerms'

/** The clinic's cancellation policy as it applies to this appointment now: refund, what is kept, any fee. */
export function CancellationTerms({ quote, clinicTimeZone }: { quote: CancellationQuote; clinicTimeZone: string }) {
  const money = (cents: number) => formatMoney(cents, quote.currency)
  return (
    <Stack gap="xs">
      <Text>{quote.message}</Text>
      <Text size="sm" c="dimmed">
        {quote.late
          ? `The cancellation window opened on ${formatDateTime(quote.window_starts_at, clinicTimeZone)}.`
          : `Free cancellation until ${formatDateTime(quote.window_starts_at, clinicTimeZone)}.`}
      </Text>
      {(quote.paid_cents > 0 || quote.fee_cents > 0) && (
        <List size="sm" spacing={4}>
          {quote.paid_cents > 0 && <List.Item>Paid for this appointment: {money(quote.paid_cents)}</List.Item>}
          {quote.paid_cents > 0 && <List.Item>Refunded to your card: {money(quote.refund_cents)}</List.Item>}
          {quote.kept_cents > 0 && <List.Item>Kept by the clinic: {money(quote.kept_cents)}</List.Item>}
          {quote.fee_cents > 0 && (
            <List.Item>
              <strong>Cancellation fee: {money(quote.fee_cents)}</strong>
              {quote.fee_collection === 'saved_card' && ', charged to the card you saved'}
              {quote.fee_collection === 'payment_request' && ', to pay in the portal'}
            </List.Item>
          )}
        </List>
      )}
    </Stack>
  )
}
