import { Badge, Button, Group, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core'
import { useState } from 'react'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { useConsoleClinic } from '../clinics'
import { availabilityApi, useAvailabilityChange, useChairs, type ChairSetting } from './availabilityApi'
import { ChangeError } from './ChangeError'
import { apiFieldError } from '../../../lib/formErrors'

/** Treatment chairs: dosing sessions need a free one. A chair is taken out of use, never deleted. */
export function ChairsTab({ mayEdit }: { mayEdit: boolean }) {
  const clinic = useConsoleClinic()
  const chairs = useChairs(clinic.slug)
  const [renaming, setRenaming] = useState<number | null>(null)
  const toggle = useAvailabilityChange((chair: ChairSetting) =>
    availabilityApi.chairs.update(clinic.slug, chair.id, { is_active: !chair.is_active }),
  )
  return (
    <Stack gap="md">
      {mayEdit && <AddChairForm />}
      <QueryState query={chairs} loading="Loading chairs…" failed="We couldn’t load the chairs" />
      {chairs.data?.length === 0 && <Text role="status">No chairs yet.</Text>}
      <ChangeError error={toggle.error} />
      {chairs.data && chairs.data.length > 0 && (
        <ScrollRegion label="Chairs" minWidth={420}>
          <Table verticalSpacing={6} withTableBorder>
            <Table.Caption>Treatment chairs of {clinic.name}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Chair</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {mayEdit && (
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {chairs.data.map((chair) => (
                <Table.Tr key={chair.id}>
                  <Table.Td>
                    {renaming === chair.id ? (
                      <RenameChairForm chair={chair} onDone={() => setRenaming(null)} />
                    ) : (
                      chair.name
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant={chair.is_active ? 'light' : 'outline'}
                      color={chair.is_active ? 'teal.9' : 'gray.8'}
                      tt="none"
                      radius="sm"
                    >
                      {chair.is_active ? 'In use' : 'Out of use'}
                    </Badge>
                  </Table.Td>
                  {mayEdit && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setRenaming(chair.id)}
                          aria-label={`Rename ${chair.name}`}
                        >
                          Rename
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          loading={toggle.isPending && toggle.variables?.id === chair.id}
                          onClick={() => toggle.mutate(chair)}
                          aria-label={`${chair.is_active ? 'Take out of use' : 'Put back in use'}: ${chair.name}`}
                        >
                          {chair.is_active ? 'Take out of use' : 'Put back in use'}
                        </Button>
                      </Group>
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

function AddChairForm() {
  const clinic = useConsoleClinic()
  const [name, setName] = useState('')
  const add = useAvailabilityChange(
    (chairName: string) => availabilityApi.chairs.create(clinic.slug, { name: chairName }),
    () => setName(''),
  )
  return (
    <Stack
      component="form"
      gap="xs"
      aria-label="Add a chair"
      onSubmit={(event) => {
        event.preventDefault()
        add.mutate(name.trim())
      }}
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="New chair"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={apiFieldError(add.error, 'name')}
          maxLength={60}
          required
          w={220}
        />
        <Button type="submit" loading={add.isPending}>
          Add chair
        </Button>
      </Group>
      <ChangeError error={add.error} />
    </Stack>
  )
}

function RenameChairForm({ chair, onDone }: { chair: ChairSetting; onDone: () => void }) {
  const clinic = useConsoleClinic()
  const [name, setName] = useState(chair.name)
  const rename = useAvailabilityChange(
    (chairName: string) => availabilityApi.chairs.update(clinic.slug, chair.id, { name: chairName }),
    onDone,
  )
  return (
    <Stack
      component="form"
      gap={4}
      aria-label={`Rename ${chair.name}`}
      onSubmit={(event) => {
        event.preventDefault()
        rename.mutate(name.trim())
      }}
      onKeyDown={(event) => event.key === 'Escape' && onDone()}
    >
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={apiFieldError(rename.error, 'name')}
          maxLength={60}
          required
          autoFocus
          w={180}
        />
        <Button type="submit" size="sm" loading={rename.isPending}>
          Save
        </Button>
        <Button size="sm" variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
      <ChangeError error={rename.error} />
    </Stack>
  )
}
