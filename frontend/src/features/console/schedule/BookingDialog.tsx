import { Alert, Button, Checkbox, Group, List, Modal, Select, Stack, Text } from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { ErrorAlert } from '../../../components/ErrorAlert'
import { ApiError, errorMessage } from '../../../lib/http'
import { consoleApi, consoleKeys, useServices, type Appointment, type PatientSummary } from '../api'
import { givesDose } from '../appointmentStatus'
import { useConsoleClinic } from '../clinics'
import { patientName } from '../patients/patientName'
import { formatDateTime, todayIn } from '../../../lib/time'
import { PatientSearch } from './PatientSearch'
import { SlotPicker, type SlotChoice } from './SlotPicker'

interface BookingDialogProps {
  opened: boolean
  onClose: () => void
  onBooked?: (appointment: Appointment) => void
  /** Booking from a patient's page: the patient is already chosen. */
  patient?: PatientSummary
  initialDate?: string
}

/** Staff book on a patient's behalf through the same slot engine and rules as the patient. */
export function BookingDialog({ opened, onClose, onBooked, patient: fixedPatient, initialDate }: BookingDialogProps) {
  // On a phone the list of free times needs the whole screen.
  const phone = useMediaQuery('(max-width: 36em)')
  return (
    <Modal opened={opened} onClose={onClose} title="Book an appointment" size="lg" fullScreen={phone}>
      {opened && (
        <BookingForm onClose={onClose} onBooked={onBooked} fixedPatient={fixedPatient} initialDate={initialDate} />
      )}
    </Modal>
  )
}

interface BookingFormProps {
  onClose: () => void
  onBooked?: (appointment: Appointment) => void
  fixedPatient?: PatientSummary
  initialDate?: string
}

function BookingForm({ onClose, onBooked, fixedPatient, initialDate }: BookingFormProps) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const services = useServices(clinic.slug)
  const [patient, setPatient] = useState<PatientSummary | null>(fixedPatient ?? null)
  const [serviceSlug, setServiceSlug] = useState<string | null>(null)
  const [date, setDate] = useState(() => {
    const today = todayIn(clinic.timezone)
    return initialDate && initialDate > today ? initialDate : today
  })
  const [choice, setChoice] = useState<SlotChoice | null>(null)
  const [willNotDrive, setWillNotDrive] = useState(false)
  // One key per intended booking: a double click or a retry after a dropped answer books once.
  const idempotencyKey = useRef(crypto.randomUUID())

  const choose =
    <Value,>(setter: (value: Value) => void) =>
    (value: Value) => {
      idempotencyKey.current = crypto.randomUUID()
      book.reset()
      setter(value)
    }

  const book = useMutation({
    mutationFn: () =>
      consoleApi.book(
        {
          clinic: clinic.slug,
          service: serviceSlug!,
          start: choice!.slot.start,
          patient: patient!.id,
          ...(choice!.providerId ? { provider: choice!.providerId } : {}),
          ...(dose ? { will_not_drive: true } : {}),
        },
        idempotencyKey.current,
      ),
    onSuccess: (appointment) => {
      void queryClient.invalidateQueries({ queryKey: consoleKeys.schedules(clinic.slug) })
      notifications.show({
        color: 'teal',
        title: 'Booked',
        message: `${appointment.patient.display_name}: ${appointment.service.name}, ${formatDateTime(appointment.start, clinic.timezone)} with ${appointment.provider.display_name}.`,
      })
      onBooked?.(appointment)
      onClose()
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'slot_taken') {
        setChoice(null)
        void queryClient.invalidateQueries({ queryKey: ['console', clinic.slug, 'availability'] })
      }
    },
  })

  const service = services.data?.find((candidate) => candidate.slug === serviceSlug)
  const dose = service !== undefined && givesDose({ service })
  const ready = patient && service && choice && (!dose || willNotDrive)

  return (
    <Stack gap="md">
      {fixedPatient ? (
        <Text>
          Patient: <strong>{patientName(fixedPatient)}</strong>
        </Text>
      ) : (
        <PatientSearch clinicSlug={clinic.slug} value={patient} onChange={choose(setPatient)} />
      )}
      <Select
        label="Service"
        placeholder={services.isPending ? 'Loading services…' : 'Choose a service'}
        data={(services.data ?? []).map((option) => ({
          value: option.slug,
          label: `${option.name} · ${option.duration_minutes} min`,
        }))}
        value={serviceSlug}
        onChange={choose(setServiceSlug)}
        error={services.isError ? errorMessage(services.error) : undefined}
        allowDeselect={false}
        w={{ base: '100%', sm: 420 }}
      />
      {patient && serviceSlug && (
        <SlotPicker
          clinicSlug={clinic.slug}
          timeZone={clinic.timezone}
          service={serviceSlug}
          patientId={patient.id}
          date={date}
          onDateChange={setDate}
          value={choice}
          onChange={choose(setChoice)}
        />
      )}
      {ready && (
        <Alert variant="light" title="Check before booking">
          <Text size="sm">
            {service.name} for {patientName(patient)}, {formatDateTime(choice.slot.start, clinic.timezone)}
            {choice.providerId
              ? ` with ${choice.slot.providers.find((provider) => provider.id === choice.providerId)?.display_name}`
              : ', with any free provider'}
            .
          </Text>
        </Alert>
      )}
      {dose && (
        <Checkbox
          label="The patient confirmed they won’t drive until the day after the session"
          description="A dose needs an adult to take the patient home."
          checked={willNotDrive}
          onChange={(event) => choose(setWillNotDrive)(event.currentTarget.checked)}
        />
      )}
      <ErrorAlert message={book.error ? errorMessage(book.error) : null} />
      <BookingBlockers error={book.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        <Button onClick={() => book.mutate()} disabled={!ready} loading={book.isPending}>
          Book appointment
        </Button>
      </Group>
    </Stack>
  )
}

/** What the care pathway still needs before this booking (intake, consents, plan, PHQ-9, escort). */
function BookingBlockers({ error }: { error: unknown }) {
  const blockers =
    error instanceof ApiError ? (error.extra.blockers as { code: string; message: string }[] | undefined) : undefined
  if (!blockers?.length) {
    return null
  }
  return (
    <List size="sm" aria-label="What is still needed">
      {blockers.map((blocker) => (
        <List.Item key={blocker.code}>{blocker.message}</List.Item>
      ))}
    </List>
  )
}
