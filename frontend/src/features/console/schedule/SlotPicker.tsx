import { Button, Chip, Fieldset, Group, Loader, Select, Stack, Text } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useQuery } from '@tanstack/react-query'
import { consoleApi, consoleKeys, type Slot } from '../api'
import { addDays, formatCalendarDate, formatTime, todayIn, wallClock } from '../../../lib/time'
import { ApiErrorAlert } from '../../../components/ErrorAlert'

const ANY_PROVIDER = 'any'

export interface SlotChoice {
  slot: Slot
  /** A provider's user id, or null for "any free provider" (the engine picks). */
  providerId: string | null
}

interface SlotPickerProps {
  clinicSlug: string
  timeZone: string
  service: string
  patientId: string
  date: string
  onDateChange: (date: string) => void
  value: SlotChoice | null
  onChange: (choice: SlotChoice | null) => void
}

/** Times on a "fall back" night come twice: the zone abbreviation tells the two 1:30s apart. */
function slotLabel(slot: Slot, slots: Slot[], timeZone: string): string {
  const time = formatTime(slot.start, timeZone)
  const repeated = slots.some((other) => other !== slot && formatTime(other.start, timeZone) === time)
  return repeated ? `${time} ${slot.clinic_time.abbreviation}` : time
}

/** Free start times for one service and patient on one clinic day, from the booking engine. */
export function SlotPicker({
  clinicSlug,
  timeZone,
  service,
  patientId,
  date,
  onDateChange,
  value,
  onChange,
}: SlotPickerProps) {
  const params = { service, start: date, end: date, patient: patientId }
  const availability = useQuery({
    queryKey: consoleKeys.availability(clinicSlug, params),
    queryFn: () => consoleApi.availability(clinicSlug, params),
    staleTime: 0,
  })
  const slots = availability.data?.slots.filter((slot) => wallClock(slot.start, timeZone).date === date) ?? []
  const today = todayIn(timeZone)

  const changeDate = (next: string) => {
    onChange(null)
    onDateChange(next)
  }

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="xs" wrap="wrap">
        <DatePickerInput
          label="Day"
          value={date}
          onChange={(next) => next && changeDate(next)}
          minDate={today}
          valueFormat="ddd, MMM D, YYYY"
          w={200}
        />
        <Button variant="default" size="sm" onClick={() => changeDate(addDays(date, -1))} disabled={date <= today}>
          Previous day
        </Button>
        <Button variant="default" size="sm" onClick={() => changeDate(addDays(date, 1))}>
          Next day
        </Button>
      </Group>
      {availability.isPending && (
        <Group gap="xs" role="status">
          <Loader size="xs" aria-hidden />
          <Text size="sm">Finding free times…</Text>
        </Group>
      )}
      {availability.isError && <ApiErrorAlert error={availability.error} onRetry={() => void availability.refetch()} />}
      {availability.isSuccess && slots.length === 0 && (
        <Text size="sm" role="status">
          No free times on {formatCalendarDate(date)}. Try another day.
        </Text>
      )}
      {slots.length > 0 && (
        <Fieldset legend={`Free times on ${formatCalendarDate(date)}`} variant="unstyled">
          <Chip.Group
            value={value?.slot.start ?? ''}
            onChange={(start) => {
              const slot = slots.find((candidate) => candidate.start === start)
              onChange(slot ? { slot, providerId: null } : null)
            }}
          >
            <Group gap={6} mt={4}>
              {slots.map((slot) => (
                <Chip key={slot.start} value={slot.start} size="sm" variant="outline" type="radio">
                  {slotLabel(slot, slots, timeZone)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Fieldset>
      )}
      {value && (
        <Select
          label="Provider"
          data={[
            { value: ANY_PROVIDER, label: 'Any free provider' },
            ...value.slot.providers.map((provider) => ({
              value: provider.id,
              label: provider.credentials ? `${provider.display_name}, ${provider.credentials}` : provider.display_name,
            })),
          ]}
          value={value.providerId ?? ANY_PROVIDER}
          onChange={(providerId) =>
            onChange({ ...value, providerId: providerId && providerId !== ANY_PROVIDER ? providerId : null })
          }
          allowDeselect={false}
          w={{ base: '100%', xs: 320 }}
        />
      )}
    </Stack>
  )
}
