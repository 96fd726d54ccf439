import { Alert, Anchor, Button, Stack, Text } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { generatePath, Link, useNavigate, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import {
  bookingQueryKeys,
  rescheduleAppointment,
  useServices,
  type Appointment,
  type CancellationQuote,
} from '../../lib/bookingApi'
import { ApiError } from '../../lib/http'
import type { AppointmentNotice } from './AppointmentPage'
import { AppointmentSummary } from './AppointmentSummary'
import { MODALITY_LABELS, providerLabel, timeInBothZones } from './bookingTerms'
import { SlotCalendar, type SlotChoice } from './SlotCalendar'
import { useChangeContext } from './useChangeContext'
import { useOwnTimeZone } from './useOwnTimeZone'

/** Move an appointment to another free time of the same service, with the same calendar as booking. */
export function ReschedulePage() {
  const { appointmentId = '' } = useParams()
  const { appointment, quote } = useChangeContext(appointmentId)
  const detailsPath = generatePath(paths.appointment, { appointmentId })
  return (
    <>
      <PageTitle>Move your appointment</PageTitle>
      <Stack gap="md" maw={880}>
        <QueryState
          query={appointment}
          loading="Loading your appointment…"
          failed="We couldn’t load this appointment"
        />
        {appointment.data && (
          <QueryState
            query={quote}
            loading="Checking whether it can be moved…"
            failed="We couldn’t check the clinic’s policy"
          />
        )}
        {appointment.data && quote.data && <RescheduleForm appointment={appointment.data} quote={quote.data} />}
        <Anchor component={Link} to={detailsPath}>
          Keep it as it is and go back
        </Anchor>
      </Stack>
    </>
  )
}

function RescheduleForm({ appointment, quote }: { appointment: Appointment; quote: CancellationQuote }) {
  const ownTimeZone = useOwnTimeZone()
  const services = useServices(appointment.clinic.slug)
  const service = services.data?.find((candidate) => candidate.slug === appointment.service.slug)
  const [choice, setChoice] = useState<SlotChoice | null>(null)
  const [slotTaken, setSlotTaken] = useState<string | null>(null)
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const move = useMutation({
    mutationFn: (next: SlotChoice) =>
      rescheduleAppointment(appointment.id, {
        start: next.slot.start,
        ...(next.providerId ? { provider: next.providerId } : {}),
      }),
    onSuccess: async (moved) => {
      await queryClient.invalidateQueries({ queryKey: bookingQueryKeys.all })
      const when = timeInBothZones(moved.start, moved.clinic.timezone, ownTimeZone).clinic
      const state: AppointmentNotice = { notice: `Your appointment has been moved to ${when}.` }
      void navigate(generatePath(paths.appointment, { appointmentId: moved.id }), { state })
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'slot_taken') {
        setChoice(null)
        setSlotTaken(error.message)
        void queryClient.invalidateQueries({ queryKey: ['booking', 'availability'] })
      }
    },
  })

  if (!quote.reschedule_allowed) {
    return (
      <Alert color="yellow" variant="light" title="This appointment can’t be moved online now">
        {quote.reschedule_message}
      </Alert>
    )
  }
  return (
    <Stack gap="md">
      <Text fw={600}>Now booked:</Text>
      <AppointmentSummary
        serviceName={appointment.service.name}
        start={appointment.start}
        clinicName={appointment.clinic.name}
        clinicTimeZone={appointment.clinic.timezone}
        ownTimeZone={ownTimeZone}
        provider={appointment.provider.display_name}
        where={appointment.is_telehealth ? MODALITY_LABELS.telehealth : MODALITY_LABELS.in_person}
      />
      <Text>{quote.reschedule_message}</Text>
      <QueryState query={services} loading="Loading the free times…" failed="We couldn’t load the free times" />
      {services.isSuccess && !service && (
        <Text>This service is no longer offered online. Please call the clinic to move your appointment.</Text>
      )}
      {slotTaken && (
        <Alert color="blue" variant="light" title="That time has just been taken" role="status">
          {slotTaken} Here are the times that are still free.
        </Alert>
      )}
      {service && (
        <SlotCalendar
          clinicSlug={appointment.clinic.slug}
          clinicName={appointment.clinic.name}
          clinicTimeZone={appointment.clinic.timezone}
          ownTimeZone={ownTimeZone}
          service={service}
          value={choice}
          onChange={(next) => {
            setChoice(next)
            setSlotTaken(null)
          }}
          currentStart={appointment.start}
          visitRegion={appointment.visit_region || undefined}
        />
      )}
      {choice && (
        <Stack gap="sm" align="flex-start">
          <Text>
            New time:{' '}
            <strong>{timeInBothZones(choice.slot.start, appointment.clinic.timezone, ownTimeZone).clinic}</strong> with{' '}
            {providerLabel(choice)}.
          </Text>
          {move.isError && !(move.error instanceof ApiError && move.error.code === 'slot_taken') && (
            <ApiErrorAlert title="We couldn’t move your appointment" error={move.error} />
          )}
          <Button size="md" onClick={() => move.mutate(choice)} loading={move.isPending}>
            Move my appointment
          </Button>
        </Stack>
      )}
    </Stack>
  )
}
