import { Button, Group, Paper, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core'
import { useState } from 'react'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { useConsoleClinic } from '../clinics'
import { todayIn } from '../../../lib/time'
import {
  availabilityApi,
  useAvailabilityChange,
  useClosures,
  type Closure,
  type ClosureFields,
} from './availabilityApi'
import { ChangeError } from './ChangeError'
import { apiFieldError } from '../../../lib/formErrors'
import { formatCalendarDate } from './wallTime'

/** Whole days the clinic takes no appointments (holidays, training days), from today on. */
export function ClosuresTab({ mayEdit }: { mayEdit: boolean }) {
  const clinic = useConsoleClinic()
  const closures = useClosures(clinic.slug)
  const remove = useAvailabilityChange((closure: Closure) => availabilityApi.closures.remove(clinic.slug, closure.id))
  return (
    <Stack gap="md">
      {mayEdit && <AddClosureForm />}
      <QueryState query={closures} loading="Loading closures…" failed="We couldn’t load the closures" />
      {closures.data?.length === 0 && <Text role="status">No closures planned.</Text>}
      <ChangeError error={remove.error} />
      {closures.data && closures.data.length > 0 && (
        <ScrollRegion label="Clinic closures" minWidth={480}>
          <Table verticalSpacing={6} withTableBorder>
            <Table.Caption>Days {clinic.name} is closed</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">From</Table.Th>
                <Table.Th scope="col">Until (inclusive)</Table.Th>
                <Table.Th scope="col">Reason</Table.Th>
                {mayEdit && (
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {closures.data.map((closure) => (
                <Table.Tr key={closure.id}>
                  <Table.Td>{formatCalendarDate(closure.starts_on)}</Table.Td>
                  <Table.Td>{formatCalendarDate(closure.ends_on)}</Table.Td>
                  <Table.Td>{closure.reason}</Table.Td>
                  {mayEdit && (
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="default"
                        color="red.9"
                        loading={remove.isPending && remove.variables?.id === closure.id}
                        onClick={() => remove.mutate(closure)}
                        aria-label={`Remove the closure from ${formatCalendarDate(closure.starts_on)}`}
                      >
                        Remove
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Stack>
  )
}

function AddClosureForm() {
  const clinic = useConsoleClinic()
  const today = todayIn(clinic.timezone)
  const [startsOn, setStartsOn] = useState(today)
  const [endsOn, setEndsOn] = useState(today)
  const [reason, setReason] = useState('')
  const add = useAvailabilityChange(
    (fields: ClosureFields) => availabilityApi.closures.create(clinic.slug, fields),
    () => setReason(''),
  )
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="add-closure-heading">
      <Title order={2} size="h5" id="add-closure-heading" mb="xs">
        Close the clinic
      </Title>
      <Stack
        component="form"
        gap="xs"
        onSubmit={(event) => {
          event.preventDefault()
          add.mutate({ starts_on: startsOn, ends_on: endsOn, reason: reason.trim() })
        }}
      >
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            type="date"
            label="First day closed"
            value={startsOn}
            onChange={(event) => setStartsOn(event.currentTarget.value)}
            error={apiFieldError(add.error, 'starts_on')}
            required
            w={180}
          />
          <TextInput
            type="date"
            label="Last day closed"
            value={endsOn}
            onChange={(event) => setEndsOn(event.currentTarget.value)}
            error={apiFieldError(add.error, 'ends_on')}
            required
            w={180}
          />
          <TextInput
            label="Reason"
            description="Optional, e.g. “Thanksgiving”"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={apiFieldError(add.error, 'reason')}
            maxLength={200}
            w={{ base: '100%', xs: 260 }}
          />
        </Group>
        <ChangeError error={add.error} />
        <Button type="submit" loading={add.isPending} style={{ alignSelf: 'flex-start' }}>
          Add closure
        </Button>
      </Stack>
    </Paper>
  )
}
