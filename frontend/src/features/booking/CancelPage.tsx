import { Alert, Anchor, Button, Stack, Textarea, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { generatePath, Link, useNavigate, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { bookingQueryKeys, cancelAppointment, type Appointment, type CancellationQuote } from '../../lib/bookingApi'
import { ApiError } from '../../lib/http'
import type { AppointmentNotice } from './AppointmentPage'
import { AppointmentSummary } from './AppointmentSummary'
import { MODALITY_LABELS } from './bookingTerms'
import { CancellationTerms } from './CancellationTerms'
import { useChangeContext } from './useChangeContext'
import { useOwnTimeZone } from './useOwnTimeZone'

/** Cancel an appointment, after seeing what the clinic's policy makes of it now (refund or fee). */
export function CancelPage() {
  const { appointmentId = '' } = useParams()
  const { appointment, quote } = useChangeContext(appointmentId)
  return (
    <>
      <PageTitle>Cancel your appointment</PageTitle>
      <Stack gap="md" maw={760}>
        <QueryState
          query={appointment}
          loading="Loading your appointment…"
          failed="We couldn’t load this appointment"
        />
        {appointment.data && (
          <QueryState
            query={quote}
            loading="Checking the cancellation policy…"
            failed="We couldn’t check the clinic’s policy"
          />
        )}
        {appointment.data && quote.data && <CancelForm appointment={appointment.data} quote={quote.data} />}
        <Anchor component={Link} to={generatePath(paths.appointment, { appointmentId })}>
          Keep my appointment and go back
        </Anchor>
      </Stack>
    </>
  )
}

function CancelForm({ appointment, quote }: { appointment: Appointment; quote: CancellationQuote }) {
  const ownTimeZone = useOwnTimeZone()
  const [reason, setReason] = useState('')
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const cancel = useMutation({
    mutationFn: () => cancelAppointment(appointment.id, reason.trim(), quote),
    onError: (error) => {
      // The terms changed since the page loaded (the window opened, say): show the new ones to accept.
      if (error instanceof ApiError && error.code === 'cancellation_quote_changed') {
        void queryClient.invalidateQueries({ queryKey: bookingQueryKeys.cancellationQuote(appointment.id) })
      }
    },
    onSuccess: async (cancelled) => {
      await queryClient.invalidateQueries({ queryKey: bookingQueryKeys.all })
      const state: AppointmentNotice = { notice: 'Your appointment has been cancelled.' }
      void navigate(generatePath(paths.appointment, { appointmentId: cancelled.id }), { state })
    },
  })
  return (
    <Stack gap="md">
      <AppointmentSummary
        serviceName={appointment.service.name}
        start={appointment.start}
        clinicName={appointment.clinic.name}
        clinicTimeZone={appointment.clinic.timezone}
        ownTimeZone={ownTimeZone}
        provider={appointment.provider.display_name}
        where={appointment.is_telehealth ? MODALITY_LABELS.telehealth : MODALITY_LABELS.in_person}
      />
      <section aria-labelledby="cancellation-policy-heading">
        <Title order={2} size="h4" id="cancellation-policy-heading" mb="xs">
          Cancellation policy
        </Title>
        <CancellationTerms quote={quote} clinicTimeZone={appointment.clinic.timezone} />
      </section>
      {quote.allowed ? (
        <>
          <Textarea
            label="Reason (optional)"
            description="Shared with your clinic only."
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
          />
          {cancel.isError && <ApiErrorAlert title="We couldn’t cancel your appointment" error={cancel.error} />}
          <Button color="red.9" size="md" onClick={() => cancel.mutate()} loading={cancel.isPending} maw={320}>
            {quote.fee_cents > 0 ? 'Cancel and accept the fee' : 'Cancel my appointment'}
          </Button>
        </>
      ) : (
        <Alert color="yellow" variant="light" title="This appointment can’t be cancelled online now">
          Please call {appointment.clinic.name} to cancel it.
        </Alert>
      )}
    </Stack>
  )
}
