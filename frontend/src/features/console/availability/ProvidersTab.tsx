import {
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core'
import { useState } from 'react'
import { formatCalendarDate, todayIn } from '../../../lib/time'
import { useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { VisitRegionSelect } from '../../booking/VisitRegionSelect'
import { regionName } from '../../patient/locationOptions'
import { useAvailabilityChange } from './availabilityApi'
import { ChangeError } from './ChangeError'
import { apiFieldError } from '../../../lib/formErrors'
import {
  providersApi,
  useProviderSettings,
  type Licence,
  type LicenceChanges,
  type NewLicence,
  type ProviderSetting,
} from './providersApi'

/**
 * Who gets the bookings that name no provider, and where each provider may see patients by video:
 * care is given where the patient is, so a video visit needs a licence for that state.
 */
export function ProvidersTab({ mayEdit }: { mayEdit: boolean }) {
  const clinic = useConsoleClinic()
  const providers = useProviderSettings(clinic.slug)
  return (
    <Stack gap="md">
      <Text size="sm">
        A booking that names no provider goes to the patient’s previous provider when they are free, otherwise to one of
        the free providers in proportion to their share. A licence belongs to the provider and counts at every clinic
        where they work.
      </Text>
      <QueryState query={providers} loading="Loading providers…" failed="We couldn’t load the providers" />
      {providers.data?.length === 0 && <Text role="status">No providers work here yet.</Text>}
      {providers.data?.map((provider) => (
        <ProviderPanel key={provider.id} provider={provider} mayEdit={mayEdit} />
      ))}
    </Stack>
  )
}

function ProviderPanel({ provider, mayEdit }: { provider: ProviderSetting; mayEdit: boolean }) {
  const headingId = `provider-${provider.id}`
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {provider.credentials ? `${provider.display_name}, ${provider.credentials}` : provider.display_name}
        </Title>
        {mayEdit ? (
          <BookingWeightForm provider={provider} />
        ) : (
          <Text size="sm">Share of bookings that name no provider: {provider.booking_weight}</Text>
        )}
        <LicencesTable provider={provider} mayEdit={mayEdit} />
        {mayEdit && <AddLicenceForm provider={provider} />}
      </Stack>
    </Paper>
  )
}

function BookingWeightForm({ provider }: { provider: ProviderSetting }) {
  const clinic = useConsoleClinic()
  const [weight, setWeight] = useState<number | string>(provider.booking_weight)
  const save = useAvailabilityChange((next: number) => providersApi.setWeight(clinic.slug, provider.id, next))
  return (
    <Stack
      component="form"
      gap={4}
      aria-label={`Share of bookings for ${provider.display_name}`}
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate(Number(weight))
      }}
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NumberInput
          label="Share of bookings that name no provider"
          description="1 to 10: a provider with 2 gets about twice the bookings of one with 1."
          value={weight}
          onChange={(next) => {
            save.reset()
            setWeight(next)
          }}
          error={apiFieldError(save.error, 'booking_weight')}
          min={1}
          max={10}
          allowDecimal={false}
          required
          w={{ base: '100%', xs: 340 }}
        />
        <Button type="submit" variant="default" loading={save.isPending} disabled={weight === provider.booking_weight}>
          Save share
        </Button>
        {save.isSuccess && (
          <Text size="sm" role="status" pb={8}>
            Saved
          </Text>
        )}
      </Group>
      <ChangeError error={save.error} />
    </Stack>
  )
}

function LicencesTable({ provider, mayEdit }: { provider: ProviderSetting; mayEdit: boolean }) {
  const clinic = useConsoleClinic()
  const [changing, setChanging] = useState<number | null>(null)
  const remove = useAvailabilityChange((licence: Licence) => providersApi.removeLicence(clinic.slug, licence.id))
  const { licences } = provider
  if (licences.length === 0) {
    return <Text size="sm">No video-visit licences: patients can see {provider.display_name} in person only.</Text>
  }
  return (
    <>
      <ScrollRegion label={`Licences of ${provider.display_name}`} minWidth={460}>
        <Table verticalSpacing={6} withTableBorder>
          <Table.Caption>Where {provider.display_name} may see patients by video</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Licence number</Table.Th>
              <Table.Th scope="col">Valid until</Table.Th>
              {mayEdit && (
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {licences.map((licence) =>
              changing === licence.id ? (
                <ChangeLicenceRow key={licence.id} licence={licence} onDone={() => setChanging(null)} />
              ) : (
                <Table.Tr key={licence.id}>
                  <Table.Th scope="row" fw={400}>
                    {regionName(licence.region)}
                  </Table.Th>
                  <Table.Td>{licence.number || '—'}</Table.Td>
                  <Table.Td>
                    <Expiry expiresOn={licence.expires_on ?? null} />
                  </Table.Td>
                  {mayEdit && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setChanging(licence.id)}
                          aria-label={`Change the ${regionName(licence.region)} licence`}
                        >
                          Change
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          color="red.9"
                          loading={remove.isPending && remove.variables?.id === licence.id}
                          onClick={() => remove.mutate(licence)}
                          aria-label={`Remove the ${regionName(licence.region)} licence`}
                        >
                          Remove
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
      <ChangeError error={remove.error} />
    </>
  )
}

function Expiry({ expiresOn }: { expiresOn: string | null }) {
  const clinic = useConsoleClinic()
  if (!expiresOn) {
    return 'No expiry'
  }
  const expired = expiresOn < todayIn(clinic.timezone)
  return (
    <Group gap={6} wrap="nowrap">
      {formatCalendarDate(expiresOn, { weekday: undefined, month: 'short', year: 'numeric' })}
      {expired && (
        <Badge color="red.9" variant="light" tt="none" radius="sm">
          Expired
        </Badge>
      )}
    </Group>
  )
}

function ChangeLicenceRow({ licence, onDone }: { licence: Licence; onDone: () => void }) {
  const clinic = useConsoleClinic()
  const [fields, setFields] = useState<LicenceChanges>({
    number: licence.number ?? '',
    expires_on: licence.expires_on ?? null,
  })
  const change = useAvailabilityChange(
    (changes: LicenceChanges) => providersApi.changeLicence(clinic.slug, licence.id, changes),
    onDone,
  )
  const state = regionName(licence.region)
  return (
    <Table.Tr>
      <Table.Td colSpan={4}>
        <Stack
          component="form"
          gap={4}
          aria-label={`Change the ${state} licence`}
          onSubmit={(event) => {
            event.preventDefault()
            change.mutate({ number: fields.number.trim(), expires_on: fields.expires_on || null })
          }}
          onKeyDown={(event) => event.key === 'Escape' && onDone()}
        >
          <Text size="sm" fw={500}>
            {state}
          </Text>
          <LicenceFields fields={fields} onChange={setFields} error={change.error} />
          <Group gap="xs">
            <Button type="submit" size="sm" loading={change.isPending}>
              Save
            </Button>
            <Button size="sm" variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
          <ChangeError error={change.error} />
        </Stack>
      </Table.Td>
    </Table.Tr>
  )
}

const NO_LICENCE: NewLicence = { region: '', number: '', expires_on: null }

function AddLicenceForm({ provider }: { provider: ProviderSetting }) {
  const clinic = useConsoleClinic()
  const [licence, setLicence] = useState(NO_LICENCE)
  const add = useAvailabilityChange(
    (fields: NewLicence) => providersApi.addLicence(clinic.slug, provider.id, fields),
    () => setLicence(NO_LICENCE),
  )
  return (
    <Stack
      component="form"
      gap="xs"
      aria-label={`Add a licence for ${provider.display_name}`}
      onSubmit={(event) => {
        event.preventDefault()
        add.mutate({ ...licence, number: licence.number.trim(), expires_on: licence.expires_on || null })
      }}
    >
      <Group gap="sm" align="flex-start" wrap="wrap">
        <VisitRegionSelect
          label="State"
          description={null}
          value={licence.region || null}
          onChange={(region) => setLicence({ ...licence, region: region ?? '' })}
          error={apiFieldError(add.error, 'region')}
        />
        <LicenceFields
          fields={licence}
          onChange={(fields) => setLicence({ ...licence, ...fields })}
          error={add.error}
        />
      </Group>
      <ChangeError error={add.error} />
      <Button type="submit" variant="default" loading={add.isPending} style={{ alignSelf: 'flex-start' }}>
        Add licence
      </Button>
    </Stack>
  )
}

function LicenceFields({
  fields,
  onChange,
  error,
}: {
  fields: LicenceChanges
  onChange: (fields: LicenceChanges) => void
  error: unknown
}) {
  return (
    <Group gap="sm" align="flex-start" wrap="wrap">
      <TextInput
        label="Licence number"
        description="Optional"
        value={fields.number}
        onChange={(event) => onChange({ ...fields, number: event.currentTarget.value })}
        error={apiFieldError(error, 'number')}
        maxLength={50}
        w={200}
      />
      <TextInput
        type="date"
        label="Valid until"
        description="Empty: no expiry"
        value={fields.expires_on ?? ''}
        onChange={(event) => onChange({ ...fields, expires_on: event.currentTarget.value || null })}
        error={apiFieldError(error, 'expires_on')}
        w={180}
      />
    </Group>
  )
}
