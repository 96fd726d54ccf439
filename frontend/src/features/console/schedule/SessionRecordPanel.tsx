import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { useForm, type UseFormReturnType } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiErrorAlert, ErrorAlert } from '../../../components/ErrorAlert'
import { LoadingState } from '../../../components/LoadingState'
import { apiFieldErrors } from '../../../lib/formErrors'
import { errorMessage } from '../../../lib/http'
import {
  consoleApi,
  consoleKeys,
  type Appointment,
  type DoseUnit,
  type DosingRoute,
  type SessionRecord,
  type SessionRecordFields,
  type SessionSheet,
  type SideEffect,
} from '../api'
import { useConsoleClinic } from '../clinics'
import { DetailRow } from '../../../components/DetailRow'
import { ROUTE_LABELS } from '../patients/clinicalTerms'
import { addDays, formatDateTime, formatTime, instantAt, wallClock } from '../../../lib/time'

const SIDE_EFFECT_LABELS: Record<SideEffect, string> = {
  dizziness: 'Dizziness',
  blurred_vision: 'Blurred vision',
  dissociation: 'Dissociation',
  nausea: 'Nausea',
  fatigue: 'Fatigue',
  other: 'Other',
}

/** The API types the side effects loosely (a JSON list); only the known ones are kept. */
function sideEffects(record: SessionRecord | null): SideEffect[] {
  const effects: unknown = record?.side_effects
  return Array.isArray(effects)
    ? effects.filter((effect): effect is SideEffect => typeof effect === 'string' && effect in SIDE_EFFECT_LABELS)
    : []
}

const VITALS = [
  { key: 'systolic', label: 'Systolic (mmHg)', min: 50, max: 260 },
  { key: 'diastolic', label: 'Diastolic (mmHg)', min: 25, max: 160 },
  { key: 'heart_rate', label: 'Heart rate (per min)', min: 25, max: 250 },
  { key: 'spo2', label: 'SpO₂ (%)', min: 50, max: 100 },
] as const

type Moment = 'before' | 'after'
type VitalField = `${Moment}_${(typeof VITALS)[number]['key']}`

type RecordFormValues = Record<VitalField, number | string> & {
  route: DosingRoute | null
  dose: number | string
  dose_unit: DoseUnit | null
  side_effects: SideEffect[]
  side_effect_notes: string
  /** "HH:MM" on the clinic's wall clock, on the session's day. */
  discharged_time: string
  discharged_with: string
}

const VITAL_FIELDS: VitalField[] = (['before', 'after'] as const).flatMap((moment) =>
  VITALS.map(({ key }) => `${moment}_${key}` as VitalField),
)

const orNull = (value: number | string) => (value === '' ? null : Number(value))

function clockText(instant: string, zone: string): string {
  const minutes = wallClock(instant, zone).minutes
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

function formValues(record: SessionRecord | null, appointment: Appointment, zone: string): RecordFormValues {
  const vitals = Object.fromEntries(VITAL_FIELDS.map((field) => [field, record?.[field] ?? ''])) as Record<
    VitalField,
    number | string
  >
  return {
    ...vitals,
    route: record?.route || (appointment.service.route as DosingRoute) || null,
    dose: record?.dose ? Number(record.dose) : '',
    dose_unit: record?.dose_unit || null,
    side_effects: sideEffects(record),
    side_effect_notes: record?.side_effect_notes ?? '',
    discharged_time: record?.discharged_at ? clockText(record.discharged_at, zone) : '',
    discharged_with: record?.discharged_with ?? '',
  }
}

function recordFields(values: RecordFormValues, appointment: Appointment, zone: string): SessionRecordFields {
  const vitals = Object.fromEntries(VITAL_FIELDS.map((field) => [field, orNull(values[field])])) as Record<
    VitalField,
    number | null
  >
  return {
    ...vitals,
    route: values.route,
    dose: values.dose === '' ? null : String(values.dose),
    dose_unit: values.dose_unit ?? '',
    side_effects: values.side_effects,
    side_effect_notes: values.side_effect_notes.trim(),
    discharged_at: values.discharged_time ? dischargeInstant(values.discharged_time, appointment, zone) : null,
    discharged_with: values.discharged_with.trim(),
  }
}

/** A time of day on the session's day; one earlier than the session's start is after midnight, the next day. */
function dischargeInstant(time: string, appointment: Appointment, zone: string): string {
  const [hours, minutes] = time.split(':').map(Number)
  const sessionDay = wallClock(appointment.start, zone).date
  const sameDay = instantAt(sessionDay, hours * 60 + minutes, zone)
  return new Date(sameDay) >= new Date(appointment.start)
    ? sameDay
    : instantAt(addDays(sessionDay, 1), hours * 60 + minutes, zone)
}

/** The API's field errors, on the form's fields (the discharge instant is entered as a time of day). */
const formErrors = (error: unknown) => apiFieldErrors(error, { rename: { discharged_at: 'discharged_time' } })

/**
 * A dosing session's clinical record: the dose, vital signs before and after, side effects and the
 * hand-over to the escort. Providers save it as a draft while the session runs and complete it when the
 * patient leaves, which closes the appointment; a completed record is shown as it stands.
 */
export function SessionRecordPanel({ appointment }: { appointment: Appointment }) {
  const clinic = useConsoleClinic()
  const sheet = useQuery({
    queryKey: consoleKeys.sessionSheet(clinic.slug, appointment.id),
    queryFn: () => consoleApi.sessionSheet(clinic.slug, appointment.id),
    staleTime: 0,
  })
  return (
    <Stack gap="sm" component="section" aria-labelledby="session-record-heading">
      <Title order={3} size="h5" id="session-record-heading">
        Session record
      </Title>
      {sheet.isPending && <LoadingState label="Loading the session record…" />}
      {sheet.isError && <ApiErrorAlert error={sheet.error} onRetry={() => void sheet.refetch()} />}
      {sheet.data &&
        (sheet.data.record?.completed_at ? (
          <CompletedRecord record={sheet.data.record} />
        ) : appointment.status === 'checked_in' ? (
          <SessionRecordForm sheet={sheet.data} />
        ) : (
          <Text size="sm">The record is written once the patient is checked in.</Text>
        ))}
    </Stack>
  )
}

function EscortHandover({ sheet, form }: { sheet: SessionSheet; form: UseFormReturnType<RecordFormValues> }) {
  const clinic = useConsoleClinic()
  const escort = sheet.booking
  return (
    <Fieldset legend="Discharge">
      <Stack gap="xs">
        {escort ? (
          <Text size="sm">
            Escort named at booking: {escort.escort_name},{' '}
            <a href={`tel:${escort.escort_phone}`}>{escort.escort_phone}</a>
          </Text>
        ) : (
          <Text size="sm">No escort was named at booking: check who takes the patient home.</Text>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput type="time" label={`Left at (${clinic.timezone})`} {...form.getInputProps('discharged_time')} />
          <TextInput label="Left with" maxLength={200} {...form.getInputProps('discharged_with')} />
        </SimpleGrid>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            onClick={() => form.setFieldValue('discharged_time', clockText(new Date().toISOString(), clinic.timezone))}
          >
            Left now
          </Button>
          {escort && (
            <Button
              size="xs"
              variant="default"
              onClick={() => form.setFieldValue('discharged_with', escort.escort_name)}
            >
              Left with {escort.escort_name}
            </Button>
          )}
        </Group>
      </Stack>
    </Fieldset>
  )
}

function SessionRecordForm({ sheet }: { sheet: SessionSheet }) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const appointment = sheet.appointment
  const zone = clinic.timezone
  const [confirming, setConfirming] = useState(false)
  const form = useForm<RecordFormValues>({ initialValues: formValues(sheet.record, appointment, zone) })

  const saved = (next: SessionSheet) => {
    queryClient.setQueryData(consoleKeys.sessionSheet(clinic.slug, appointment.id), next)
    form.resetDirty()
  }
  const showErrors = (error: Error) => {
    setConfirming(false)
    form.setErrors(formErrors(error))
  }

  const save = useMutation({
    mutationFn: (values: RecordFormValues) =>
      consoleApi.saveSessionRecord(clinic.slug, appointment.id, recordFields(values, appointment, zone)),
    onSuccess: (next) => {
      saved(next)
      notifications.show({ color: 'teal', message: 'Session record saved as a draft.' })
    },
    onError: showErrors,
  })
  // What is on screen is saved first, so completing never loses an edit.
  const complete = useMutation({
    mutationFn: async (values: RecordFormValues) => {
      await consoleApi.saveSessionRecord(clinic.slug, appointment.id, recordFields(values, appointment, zone))
      return consoleApi.completeSession(clinic.slug, appointment.id)
    },
    onSuccess: (next) => {
      saved(next)
      queryClient.setQueryData(consoleKeys.appointment(clinic.slug, appointment.id), next.appointment)
      void queryClient.invalidateQueries({
        queryKey: [...consoleKeys.appointment(clinic.slug, appointment.id), 'events'],
      })
      void queryClient.invalidateQueries({ queryKey: consoleKeys.schedules(clinic.slug) })
      notifications.show({ color: 'teal', message: `${appointment.patient.display_name}: session completed.` })
    },
    onError: showErrors,
  })
  const busy = save.isPending || complete.isPending
  const failure = save.error ?? complete.error
  const hasFieldErrors = Object.keys(form.errors).length > 0

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        complete.reset()
        save.mutate(values)
      })}
    >
      <Stack gap="sm">
        {sheet.record && (
          <Text size="sm" c="dimmed">
            Draft saved {formatDateTime(sheet.record.updated_at, zone)} by {sheet.record.recorded_by.display_name}.
          </Text>
        )}
        <Fieldset legend="Dose">
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <Select
              label="Route"
              data={(Object.keys(ROUTE_LABELS) as DosingRoute[]).map((route) => ({
                value: route,
                label: ROUTE_LABELS[route],
              }))}
              allowDeselect={false}
              {...form.getInputProps('route')}
            />
            <NumberInput label="Dose" min={0} decimalScale={2} {...form.getInputProps('dose')} />
            <Select label="Unit" data={['mg', 'mg/kg']} clearable {...form.getInputProps('dose_unit')} />
          </SimpleGrid>
        </Fieldset>
        {(['before', 'after'] as const).map((moment) => (
          <Fieldset
            key={moment}
            legend={moment === 'before' ? 'Vital signs before the dose' : 'Vital signs at recovery'}
          >
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
              {VITALS.map(({ key, label, min, max }) => (
                <NumberInput
                  key={key}
                  label={label}
                  min={min}
                  max={max}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="none"
                  {...form.getInputProps(`${moment}_${key}`)}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
        ))}
        <Checkbox.Group
          label="Side effects observed"
          description="Leave all unticked when none were observed."
          {...form.getInputProps('side_effects')}
        >
          <Group gap="md" mt={4}>
            {(Object.keys(SIDE_EFFECT_LABELS) as SideEffect[]).map((effect) => (
              <Checkbox key={effect} value={effect} label={SIDE_EFFECT_LABELS[effect]} />
            ))}
          </Group>
        </Checkbox.Group>
        <Textarea
          label="Notes on side effects"
          description="Needed when “Other” is ticked."
          maxLength={2000}
          autosize
          minRows={2}
          {...form.getInputProps('side_effect_notes')}
        />
        <EscortHandover sheet={sheet} form={form} />
        {hasFieldErrors && <ErrorAlert message="Some fields need attention: see the messages next to them." />}
        <ErrorAlert message={failure && !hasFieldErrors ? errorMessage(failure) : null} />
        {confirming ? (
          <Stack gap="xs" role="group" aria-label="Confirm completing the session">
            <Text size="sm">
              Complete the session? The record becomes final and the appointment is closed. This cannot be undone.
            </Text>
            <Group gap="xs">
              <Button
                loading={complete.isPending}
                onClick={() => {
                  save.reset()
                  complete.mutate(form.getValues())
                }}
              >
                Yes, complete session
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)} disabled={busy}>
                Go back
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group gap="xs">
            <Button type="submit" variant="default" loading={save.isPending} disabled={busy}>
              Save draft
            </Button>
            <Button onClick={() => setConfirming(true)} disabled={busy}>
              Complete session
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  )
}

function CompletedRecord({ record }: { record: SessionRecord }) {
  const clinic = useConsoleClinic()
  const zone = clinic.timezone
  const effects = sideEffects(record)
  const vitals = (moment: Moment) =>
    `${record[`${moment}_systolic`]}/${record[`${moment}_diastolic`]} mmHg, ` +
    `${record[`${moment}_heart_rate`]} per min, SpO₂ ${record[`${moment}_spo2`]}%`
  return (
    <Table variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        <DetailRow labelWidth={130} label="Dose">
          {record.dose} {record.dose_unit}, {record.route ? ROUTE_LABELS[record.route] : ''}
        </DetailRow>
        <DetailRow labelWidth={130} label="Before">
          {vitals('before')}
        </DetailRow>
        <DetailRow labelWidth={130} label="At recovery">
          {vitals('after')}
        </DetailRow>
        <DetailRow labelWidth={130} label="Side effects">
          {effects.length === 0 ? 'None observed' : effects.map((effect) => SIDE_EFFECT_LABELS[effect]).join(', ')}
          {record.side_effect_notes && `: ${record.side_effect_notes}`}
        </DetailRow>
        <DetailRow labelWidth={130} label="Left">
          {record.discharged_at && formatTime(record.discharged_at, zone)} with {record.discharged_with}
        </DetailRow>
        <DetailRow labelWidth={130} label="Completed">
          {record.completed_at && formatDateTime(record.completed_at, zone)} by {record.completed_by?.display_name}
        </DetailRow>
      </Table.Tbody>
    </Table>
  )
}
