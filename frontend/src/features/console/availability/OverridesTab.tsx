import {
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { useState } from 'react'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { useConsoleClinic } from '../clinics'
import { todayIn } from '../../../lib/time'
import {
  availabilityApi,
  useAvailabilityChange,
  useOverrides,
  type Override,
  type OverrideFields,
  type OverrideKind,
  type SettingsProvider,
} from './availabilityApi'
import { ChangeError } from './ChangeError'
import { apiFieldError } from '../../../lib/formErrors'
import { formatCalendarDate, formatWallSpan } from './wallTime'

const KINDS: { value: OverrideKind; label: string }[] = [
  { value: 'time_off', label: 'Time off' },
  { value: 'extra_hours', label: 'Extra hours' },
]
const kindLabel = (kind: OverrideKind) => KINDS.find((option) => option.value === kind)?.label ?? kind

/** Time off and extra hours from today on, and a form to add them. */
export function OverridesTab({ providers, zoneLabel }: { providers: SettingsProvider[]; zoneLabel: string }) {
  const clinic = useConsoleClinic()
  const overrides = useOverrides(clinic.slug)
  const editable = providers.filter((provider) => provider.may_edit)
  const mayEdit = new Set(editable.map((provider) => provider.id))
  const remove = useAvailabilityChange((override: Override) =>
    availabilityApi.overrides.remove(clinic.slug, override.id),
  )

  return (
    <Stack gap="md">
      {editable.length > 0 && <AddOverrideForm providers={editable} zoneLabel={zoneLabel} />}
      <QueryState query={overrides} loading="Loading time off and extra hours…" failed="We couldn’t load them" />
      {overrides.data?.length === 0 && <Text role="status">No time off or extra hours from today on.</Text>}
      <ChangeError error={remove.error} />
      {overrides.data && overrides.data.length > 0 && (
        <ScrollRegion label="Time off and extra hours" minWidth={640}>
          <Table verticalSpacing={6} withTableBorder>
            <Table.Caption>Time off and extra hours from today on ({zoneLabel})</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Provider</Table.Th>
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">Hours</Table.Th>
                <Table.Th scope="col">Note</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overrides.data.map((override) => (
                <Table.Tr key={override.id}>
                  <Table.Td>{formatCalendarDate(override.date)}</Table.Td>
                  <Table.Td>{override.provider.display_name}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant={override.kind === 'time_off' ? 'outline' : 'light'}
                      color="gray.8"
                      tt="none"
                      radius="sm"
                    >
                      {kindLabel(override.kind)}
                    </Badge>
                    {override.everywhere && (
                      <Text size="xs" component="span" ml={6}>
                        (all clinics)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {override.start_time && override.end_time
                      ? formatWallSpan(override.start_time, override.end_time)
                      : 'Whole day'}
                  </Table.Td>
                  <Table.Td>{override.note}</Table.Td>
                  <Table.Td>
                    {!override.everywhere && mayEdit.has(override.provider.id) && (
                      <Button
                        size="compact-sm"
                        variant="default"
                        color="red.9"
                        loading={remove.isPending && remove.variables?.id === override.id}
                        onClick={() => remove.mutate(override)}
                        aria-label={`Remove ${kindLabel(override.kind).toLowerCase()} of ${override.provider.display_name} on ${formatCalendarDate(override.date)}`}
                      >
                        Remove
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Stack>
  )
}

function AddOverrideForm({ providers, zoneLabel }: { providers: SettingsProvider[]; zoneLabel: string }) {
  const clinic = useConsoleClinic()
  const [providerId, setProviderId] = useState<string | null>(providers[0].id)
  const [kind, setKind] = useState<OverrideKind>('time_off')
  const [date, setDate] = useState(todayIn(clinic.timezone))
  const [wholeDay, setWholeDay] = useState(true)
  const [start, setStart] = useState('09:00')
  const [end, setEnd] = useState('17:00')
  const [note, setNote] = useState('')
  const withTimes = kind === 'extra_hours' || !wholeDay
  const add = useAvailabilityChange(
    (fields: OverrideFields & { provider: string }) => availabilityApi.overrides.create(clinic.slug, fields),
    () => setNote(''),
  )
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="add-override-heading">
      <Title order={2} size="h5" id="add-override-heading" mb="xs">
        Add time off or extra hours
      </Title>
      <Stack
        component="form"
        gap="xs"
        onSubmit={(event) => {
          event.preventDefault()
          add.mutate({
            provider: providerId ?? '',
            kind,
            date,
            start_time: withTimes ? start : null,
            end_time: withTimes ? end : null,
            note: note.trim(),
          })
        }}
      >
        <Group gap="sm" align="flex-start" wrap="wrap">
          <Select
            label="Provider"
            data={providers.map((option) => ({ value: option.id, label: option.display_name }))}
            value={providerId}
            onChange={setProviderId}
            allowDeselect={false}
            error={apiFieldError(add.error, 'provider')}
            w={220}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="override-kind-label">
              What
            </Text>
            <SegmentedControl
              aria-labelledby="override-kind-label"
              value={kind}
              onChange={(next) => setKind(next as OverrideKind)}
              data={KINDS}
            />
          </Stack>
          <TextInput
            type="date"
            label="Date"
            value={date}
            onChange={(event) => setDate(event.currentTarget.value)}
            error={apiFieldError(add.error, 'date')}
            required
            w={170}
          />
        </Group>
        {kind === 'time_off' && (
          <Checkbox
            label="The whole day"
            checked={wholeDay}
            onChange={(event) => setWholeDay(event.currentTarget.checked)}
          />
        )}
        <Group gap="sm" align="flex-start" wrap="wrap">
          {withTimes && (
            <>
              <TextInput
                type="time"
                label="From"
                description={zoneLabel}
                value={start}
                onChange={(event) => setStart(event.currentTarget.value)}
                error={apiFieldError(add.error, 'start_time')}
                required
                w={150}
              />
              <TextInput
                type="time"
                label="Until"
                description={zoneLabel}
                value={end}
                onChange={(event) => setEnd(event.currentTarget.value)}
                error={apiFieldError(add.error, 'end_time')}
                required
                w={150}
              />
            </>
          )}
          <TextInput
            label="Note"
            description="Optional, seen by staff only"
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={apiFieldError(add.error, 'note')}
            maxLength={200}
            w={{ base: '100%', xs: 280 }}
          />
        </Group>
        <ChangeError error={add.error} />
        <Button type="submit" loading={add.isPending} style={{ alignSelf: 'flex-start' }}>
          Add {kindLabel(kind).toLowerCase()}
        </Button>
      </Stack>
    </Paper>
  )
}
