import { Button, Group, Stack, Text } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { LoadingState } from '../../components/LoadingState'
import { DetailRow } from '../../components/DetailRow'
import {
  bookAppointment,
  bookingQueryKeys,
  isDose,
  newIdempotencyKey,
  useEscort,
  type Appointment,
  type Escort,
  type Service,
} from '../../lib/bookingApi'
import { ApiError } from '../../lib/http'
import type { Clinic } from '../../lib/portalApi'
import { AppointmentSummary } from './AppointmentSummary'
import { BookingRefusal } from './BookingRefusal'
import { formatDuration, formatMoney, MODALITY_LABELS, providerLabel } from './bookingTerms'
import { EscortFields } from './EscortFields'
import {
  checkEscort,
  escortErrorsFrom,
  escortValuesFrom,
  saveEscortIfChanged,
  type EscortErrors,
  type EscortValues,
} from './escortForm'
import type { SlotChoice } from './SlotCalendar'
import { regionName } from '../patient/locationOptions'

interface ConfirmStepProps {
  clinic: Clinic
  service: Service
  choice: SlotChoice
  ownTimeZone: string
  /** Paid online when booking, in the service's currency (0: nothing to pay now). */
  dueAtBookingCents: number
  /** A video visit: where the patient said they will be. */
  visitRegion?: string | null
  onBooked: (appointment: Appointment) => void
  /** Someone else booked the time first. */
  onSlotTaken: (message: string) => void
  onBack: () => void
}

/** Check and confirm one appointment; a dose first names the escort and takes the no-driving promise. */
export function ConfirmStep(props: ConfirmStepProps) {
  const { service } = props
  const escort = useEscort()
  if (isDose(service.kind) && escort.isPending) {
    return <LoadingState label="Loading your escort’s details…" />
  }
  return <ConfirmForm {...props} savedEscort={escort.data ?? null} />
}

function ConfirmForm({
  clinic,
  service,
  choice,
  ownTimeZone,
  dueAtBookingCents,
  visitRegion,
  onBooked,
  onSlotTaken,
  onBack,
  savedEscort,
}: ConfirmStepProps & { savedEscort: Escort | null }) {
  const queryClient = useQueryClient()
  const dose = isDose(service.kind)
  // One key for this attempt: a double click, or a retry after a lost answer, cannot book twice.
  const [idempotencyKey] = useState(newIdempotencyKey)
  const [escort, setEscort] = useState<EscortValues>(() => escortValuesFrom(savedEscort))
  const [escortErrors, setEscortErrors] = useState<EscortErrors>({})

  const book = useMutation({
    mutationFn: async () => {
      if (dose) await saveEscortIfChanged(escort, savedEscort)
      return bookAppointment(
        {
          clinic: clinic.slug,
          service: service.slug,
          start: choice.slot.start,
          ...(choice.providerId ? { provider: choice.providerId } : {}),
          will_not_drive: dose && escort.willNotDrive,
          ...(visitRegion ? { visit_region: visitRegion } : {}),
        },
        idempotencyKey,
      )
    },
    onSuccess: (appointment) => {
      void queryClient.invalidateQueries({ queryKey: bookingQueryKeys.all })
      onBooked(appointment)
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'slot_taken') {
        void queryClient.invalidateQueries({ queryKey: ['booking', 'availability'] })
        onSlotTaken(error.message)
        return
      }
      setEscortErrors(escortErrorsFrom(error))
    },
  })

  const confirm = () => {
    const errors = dose ? checkEscort(escort) : {}
    setEscortErrors(errors)
    if (Object.keys(errors).length === 0) book.mutate()
  }
  const hasFieldError = Object.keys(escortErrorsFrom(book.error)).length > 0

  return (
    <Stack gap="md">
      <AppointmentSummary
        serviceName={service.name}
        start={choice.slot.start}
        clinicName={clinic.name}
        clinicTimeZone={clinic.timezone}
        ownTimeZone={ownTimeZone}
        provider={providerLabel(choice)}
        where={MODALITY_LABELS[service.modality]}
      >
        <DetailRow label="How long" labelWidth={110}>
          {formatDuration(service.duration_minutes)}
          {service.recovery_minutes > 0 && `, then ${formatDuration(service.recovery_minutes)} of rest at the clinic`}
        </DetailRow>
        {visitRegion && (
          <DetailRow label="You’ll be in" labelWidth={110}>
            {regionName(visitRegion)}
          </DetailRow>
        )}
        {service.price_cents > 0 && (
          <DetailRow label="Cost" labelWidth={110}>
            {formatMoney(service.price_cents, service.currency)}
            {dueAtBookingCents > 0
              ? `: ${formatMoney(dueAtBookingCents, service.currency)} is paid online now, to confirm the booking.`
              : ', paid at the clinic.'}
          </DetailRow>
        )}
      </AppointmentSummary>
      <Text size="sm">
        You can cancel or move it online until {service.cancellation_window_hours} hours before it starts.
      </Text>
      {dose && <EscortFields values={escort} errors={escortErrors} onChange={setEscort} />}
      {book.isError && !hasFieldError && <BookingRefusal error={book.error} title="We couldn’t book this time" />}
      <Group gap="sm">
        <Button size="md" onClick={confirm} loading={book.isPending}>
          {dueAtBookingCents > 0 ? 'Confirm and continue to payment' : 'Confirm booking'}
        </Button>
        <Button size="md" variant="default" onClick={onBack} disabled={book.isPending}>
          Choose another time
        </Button>
      </Group>
    </Stack>
  )
}
