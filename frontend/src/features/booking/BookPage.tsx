import { Alert, Button, Stack } from '@mantine/core'
import { useState } from 'react'
import { PageTitle } from '../../components/PageTitle'
import { usePaymentsInfo, type Appointment, type Service } from '../../lib/bookingApi'
import { useProfile, type Clinic } from '../../lib/portalApi'
import { BookedStep } from './BookedStep'
import { ConfirmStep } from './ConfirmStep'
import { PaymentStep } from './PaymentStep'
import { ServiceStep } from './ServiceStep'
import { SlotCalendar, type SlotChoice } from './SlotCalendar'
import { StepHeading } from './StepHeading'
import { useOwnTimeZone } from './useOwnTimeZone'
import { VisitRegionSelect } from './VisitRegionSelect'

type Step = 'service' | 'time' | 'confirm' | 'pay' | 'done'

/** Book one appointment: what and where, when, check and confirm, pay if the clinic asks, done. */
export function BookPage() {
  const ownTimeZone = useOwnTimeZone()
  const [step, setStep] = useState<Step>('service')
  const [clinic, setClinic] = useState<Clinic | null>(null)
  const [service, setService] = useState<Service | null>(null)
  const [choice, setChoice] = useState<SlotChoice | null>(null)
  const [booked, setBooked] = useState<Appointment | null>(null)
  const [slotTaken, setSlotTaken] = useState<string | null>(null)
  const homeRegion = useProfile().data?.region || null
  // Asked for a video visit only; the home state is the first answer offered.
  const [visitRegion, setVisitRegion] = useState<string | null>(null)
  const telehealth = service?.modality === 'telehealth'
  const whereNeeded = telehealth && !(visitRegion ?? homeRegion)
  const payments = usePaymentsInfo(clinic?.slug ?? null)
  const dueAtBooking = payments.data?.services.find((price) => price.slug === service?.slug)?.due_at_booking_cents ?? 0
  const steps = dueAtBooking > 0 ? 4 : 3

  return (
    <>
      <PageTitle>Book an appointment</PageTitle>
      <Stack gap="lg" maw={880}>
        {step === 'service' && (
          <>
            <StepHeading step={1} of={steps}>
              Choose a clinic and a service
            </StepHeading>
            <ServiceStep
              clinicSlug={clinic?.slug ?? null}
              onClinicChange={(next) => {
                setClinic(next)
                setService(null)
              }}
              serviceSlug={service?.slug ?? null}
              onServiceChange={setService}
            />
            {telehealth && (
              <VisitRegionSelect
                label="Where will you be during the video visit?"
                value={visitRegion ?? homeRegion}
                onChange={setVisitRegion}
              />
            )}
            <Button
              size="md"
              onClick={() => {
                setVisitRegion(telehealth ? (visitRegion ?? homeRegion) : null)
                setStep('time')
              }}
              disabled={!clinic || !service || whereNeeded}
              maw={240}
            >
              Choose a time
            </Button>
          </>
        )}
        {step === 'time' && clinic && service && (
          <>
            <StepHeading step={2} of={steps}>
              {`Choose a time for your ${service.name.toLowerCase()}`}
            </StepHeading>
            {slotTaken && (
              <Alert color="blue" variant="light" title="That time has just been taken" role="status">
                {slotTaken} Here are the times that are still free.
              </Alert>
            )}
            <SlotCalendar
              clinicSlug={clinic.slug}
              clinicName={clinic.name}
              clinicTimeZone={clinic.timezone}
              ownTimeZone={ownTimeZone}
              service={service}
              value={choice}
              onChange={setChoice}
              visitRegion={visitRegion ?? undefined}
            />
            <StepButtons
              next="Continue"
              onNext={() => {
                setSlotTaken(null)
                setStep('confirm')
              }}
              nextDisabled={!choice}
              onBack={() => setStep('service')}
            />
          </>
        )}
        {step === 'confirm' && clinic && service && choice && (
          <>
            <StepHeading step={3} of={steps}>
              Check and confirm
            </StepHeading>
            <ConfirmStep
              clinic={clinic}
              service={service}
              choice={choice}
              ownTimeZone={ownTimeZone}
              dueAtBookingCents={dueAtBooking}
              visitRegion={visitRegion}
              onBooked={(appointment) => {
                setBooked(appointment)
                setStep(appointment.status === 'held' ? 'pay' : 'done')
              }}
              onSlotTaken={(message) => {
                setChoice(null)
                setSlotTaken(message)
                setStep('time')
              }}
              onBack={() => setStep('time')}
            />
          </>
        )}
        {step === 'pay' && booked && (
          <>
            <StepHeading step={4} of={steps}>
              Pay to confirm your booking
            </StepHeading>
            <PaymentStep
              appointmentId={booked.id}
              holdExpiresAt={booked.hold_expires_at}
              clinicTimeZone={booked.clinic.timezone}
              onPaid={() => setStep('done')}
            />
          </>
        )}
        {step === 'done' && booked && <BookedStep appointment={booked} ownTimeZone={ownTimeZone} />}
      </Stack>
    </>
  )
}

interface StepButtonsProps {
  next: string
  onNext: () => void
  nextDisabled: boolean
  onBack: () => void
}

function StepButtons({ next, onNext, nextDisabled, onBack }: StepButtonsProps) {
  return (
    <Stack gap="sm" align="flex-start">
      <Button size="md" onClick={onNext} disabled={nextDisabled}>
        {next}
      </Button>
      <Button size="md" variant="subtle" onClick={onBack}>
        Back
      </Button>
    </Stack>
  )
}
