import { Badge, Group, Stack, Text } from '@mantine/core'
import { consoleApi, usePatientPages, type Payment, type PaymentStatus } from '../api'
import { useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { Section } from '../components/Section'
import { ShowMoreButton } from '../../../components/ShowMoreButton'
import { formatMoney } from '../money'
import { formatDay } from '../../../lib/time'

const PAYMENT_STATUS: Record<PaymentStatus, { label: string; symbol: string }> = {
  requires_payment: { label: 'Waiting for payment', symbol: '○' },
  processing: { label: 'Processing', symbol: '◔' },
  succeeded: { label: 'Paid', symbol: '✓' },
  canceled: { label: 'Cancelled', symbol: '⊘' },
}

/** The patient's payments and fees at this clinic, newest first, with what was refunded. */
export function PaymentsSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const payments = usePatientPages(clinic.slug, patientId, 'payments', (page) =>
    consoleApi.patientPayments(clinic.slug, patientId, page),
  )
  const rows = payments.data?.pages.flatMap((page) => page.results) ?? []
  const count = payments.data?.pages[0].count ?? 0
  return (
    <Section id="payments" title="Payments">
      <Stack gap="xs">
        <QueryState query={payments} loading="Loading payments…" />
        {payments.data && count === 0 && <Text size="sm">No payments at {clinic.name}.</Text>}
        {rows.length > 0 && (
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Payments">
            {rows.map((payment) => (
              <PaymentRow key={payment.id} payment={payment} />
            ))}
          </Stack>
        )}
        <ShowMoreButton query={payments} label="Show more payments" shown={rows.length} count={count} size="xs" />
      </Stack>
    </Section>
  )
}

function PaymentRow({ payment }: { payment: Payment }) {
  const clinic = useConsoleClinic()
  const { label, symbol } = PAYMENT_STATUS[payment.status]
  const waiting = payment.status === 'requires_payment'
  return (
    <li>
      <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text size="sm" fw={600}>
            {formatMoney(payment.amount_cents, payment.currency)} · {payment.description}
          </Text>
          <Text size="sm">
            {formatDay(payment.paid_at ?? payment.created_at, clinic.timezone)}
            {payment.refunded_cents > 0 && `, ${formatMoney(payment.refunded_cents, payment.currency)} refunded`}
            {payment.failure_message && ` — ${payment.failure_message}`}
          </Text>
        </div>
        <Badge miw="max-content" radius="sm" tt="none" variant="outline" color={waiting ? 'red.9' : 'gray.8'}>
          <span aria-hidden>{symbol} </span>
          {label}
        </Badge>
      </Group>
    </li>
  )
}
