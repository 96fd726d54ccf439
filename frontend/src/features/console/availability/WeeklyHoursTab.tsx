import { Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { useConsoleClinic } from '../clinics'
import {
  availabilityApi,
  useAvailabilityChange,
  useWeeklyHours,
  type HoursFields,
  type SettingsProvider,
  type Weekday,
  type WeeklyHours,
} from './availabilityApi'
import { ChangeError } from './ChangeError'
import { apiFieldError } from '../../../lib/formErrors'
import { WEEKDAYS, formatWallSpan } from './wallTime'

/** What is being edited: a new shift on a weekday, or an existing shift. */
type Editing = { weekday: Weekday; hours: WeeklyHours | null } | null

/** One provider's regular week at this clinic, editable day by day. */
export function WeeklyHoursTab({ providers, zoneLabel }: { providers: SettingsProvider[]; zoneLabel: string }) {
  const clinic = useConsoleClinic()
  const hours = useWeeklyHours(clinic.slug)
  const [providerId, setProviderId] = useState<string | null>(
    () => (providers.find((provider) => provider.may_edit) ?? providers[0])?.id ?? null,
  )
  const [editing, setEditing] = useState<Editing>(null)
  const provider = providers.find((candidate) => candidate.id === providerId)

  if (providers.length === 0) {
    return <Text role="status">No providers work at this clinic yet.</Text>
  }
  const theirs = (hours.data ?? []).filter((row) => row.provider.id === providerId)
  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="md" wrap="wrap">
        <Select
          label="Provider"
          data={providers.map((option) => ({ value: option.id, label: option.display_name }))}
          value={providerId}
          onChange={(next) => {
            setProviderId(next)
            setEditing(null)
          }}
          allowDeselect={false}
          w={{ base: '100%', xs: 300 }}
        />
        <Text size="sm" pb={6}>
          Times are the clinic’s wall clock: <strong>{zoneLabel}</strong>
        </Text>
      </Group>
      <QueryState query={hours} loading="Loading working hours…" failed="We couldn’t load the working hours" />
      {hours.data && provider && (
        <ScrollRegion label={`Weekly hours of ${provider.display_name}`} minWidth={520}>
          <Table verticalSpacing={6} withTableBorder>
            <Table.Caption>
              {provider.display_name}’s regular weekly hours at {clinic.name}
              {provider.may_edit ? '' : ' (read only)'}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={120}>
                  Day
                </Table.Th>
                <Table.Th scope="col">Hours</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {WEEKDAYS.map((day) => (
                <DayRow
                  key={day.value}
                  weekday={day.value}
                  label={day.label}
                  shifts={theirs.filter((row) => row.weekday === day.value)}
                  provider={provider}
                  editing={editing?.weekday === day.value ? editing : null}
                  onEdit={setEditing}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Stack>
  )
}

interface DayRowProps {
  weekday: Weekday
  label: string
  shifts: WeeklyHours[]
  provider: SettingsProvider
  editing: Editing
  onEdit: (editing: Editing) => void
}

function DayRow({ weekday, label, shifts, provider, editing, onEdit }: DayRowProps) {
  const clinic = useConsoleClinic()
  const remove = useAvailabilityChange((hours: WeeklyHours) => availabilityApi.hours.remove(clinic.slug, hours.id))
  return (
    <Table.Tr>
      <Table.Th scope="row" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td>
        <Stack gap={6}>
          {shifts.length === 0 && !editing && (
            <Text size="sm" c="dimmed">
              Not working
            </Text>
          )}
          {shifts.map((shift) =>
            editing?.hours?.id === shift.id ? (
              <HoursForm
                key={shift.id}
                provider={provider}
                weekday={weekday}
                dayLabel={label}
                hours={shift}
                onDone={() => onEdit(null)}
              />
            ) : (
              <Group key={shift.id} gap="xs" wrap="wrap">
                <Text size="sm" miw={170}>
                  {formatWallSpan(shift.start_time, shift.end_time)}
                </Text>
                {provider.may_edit && (
                  <>
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => onEdit({ weekday, hours: shift })}
                      aria-label={`Change ${label} ${formatWallSpan(shift.start_time, shift.end_time)}`}
                    >
                      Change
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="default"
                      color="red.9"
                      loading={remove.isPending && remove.variables?.id === shift.id}
                      onClick={() => remove.mutate(shift)}
                      aria-label={`Remove ${label} ${formatWallSpan(shift.start_time, shift.end_time)}`}
                    >
                      Remove
                    </Button>
                  </>
                )}
              </Group>
            ),
          )}
          <ChangeError error={remove.error} />
          {editing && editing.hours === null && (
            <HoursForm
              provider={provider}
              weekday={weekday}
              dayLabel={label}
              hours={null}
              onDone={() => onEdit(null)}
            />
          )}
          {provider.may_edit && !editing && (
            <Button
              size="compact-sm"
              variant="subtle"
              style={{ alignSelf: 'flex-start' }}
              onClick={() => onEdit({ weekday, hours: null })}
              aria-label={`Add hours on ${label}`}
            >
              + Add hours
            </Button>
          )}
        </Stack>
      </Table.Td>
    </Table.Tr>
  )
}

interface HoursFormProps {
  provider: SettingsProvider
  weekday: Weekday
  dayLabel: string
  hours: WeeklyHours | null
  onDone: () => void
}

function HoursForm({ provider, weekday, dayLabel, hours, onDone }: HoursFormProps) {
  const clinic = useConsoleClinic()
  const [start, setStart] = useState(hours?.start_time ?? '09:00')
  const [end, setEnd] = useState(hours?.end_time ?? '17:00')
  const save = useAvailabilityChange((fields: HoursFields) => {
    return hours
      ? availabilityApi.hours.update(clinic.slug, hours.id, fields)
      : availabilityApi.hours.create(clinic.slug, { ...fields, provider: provider.id })
  }, onDone)
  return (
    <Stack
      component="form"
      gap={6}
      aria-label={`${hours ? 'Change' : 'Add'} hours on ${dayLabel}`}
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate({ weekday, start_time: start, end_time: end })
      }}
      onKeyDown={(event) => event.key === 'Escape' && onDone()}
    >
      <Group gap="xs" align="flex-start" wrap="wrap">
        <TextInput
          type="time"
          label={`Start (${dayLabel})`}
          value={start}
          onChange={(event) => setStart(event.currentTarget.value)}
          error={apiFieldError(save.error, 'start_time')}
          required
          data-autofocus
          autoFocus
          w={150}
        />
        <TextInput
          type="time"
          label={`End (${dayLabel})`}
          value={end}
          onChange={(event) => setEnd(event.currentTarget.value)}
          error={apiFieldError(save.error, 'end_time')}
          required
          w={150}
        />
        <Group gap="xs" mt={25}>
          <Button type="submit" size="sm" loading={save.isPending}>
            Save
          </Button>
          <Button size="sm" variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Group>
      <ChangeError error={save.error} />
    </Stack>
  )
}
