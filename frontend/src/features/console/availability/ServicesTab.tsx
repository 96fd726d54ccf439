import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core'
import { useState } from 'react'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { useConsoleClinic } from '../clinics'
import {
  availabilityApi,
  useAvailabilityChange,
  useServiceSettings,
  type Modality,
  type ServiceFields,
  type ServiceKind,
  type ServiceSetting,
} from './availabilityApi'
import { ChangeError } from './ChangeError'
import { apiFieldError } from '../../../lib/formErrors'

const KINDS: { value: ServiceKind; label: string }[] = [
  { value: 'consultation', label: 'Consultation' },
  { value: 'dosing', label: 'Dosing session' },
  { value: 'integration', label: 'Integration session' },
  { value: 'booster', label: 'Booster' },
  { value: 'follow_up', label: 'Follow-up' },
]
const MODALITIES: { value: Modality; label: string }[] = [
  { value: 'in_person', label: 'In person' },
  { value: 'telehealth', label: 'Video visit' },
]
const ROUTES = [
  { value: '', label: 'None (not a dose)' },
  { value: 'iv_infusion', label: 'IV infusion' },
  { value: 'im_injection', label: 'IM injection' },
  { value: 'lozenge', label: 'Lozenge' },
]
const SLOT_STEP_MINUTES: ServiceFields['slot_step_minutes'][] = [5, 10, 15, 20, 30, 60]
const SLOT_STEPS = SLOT_STEP_MINUTES.map((minutes) => ({ value: String(minutes), label: `Every ${minutes} minutes` }))

const NEW_SERVICE: ServiceFields = {
  name: '',
  slug: '',
  kind: 'consultation',
  modality: 'in_person',
  route: '',
  duration_minutes: 60,
  recovery_minutes: 0,
  buffer_before_minutes: 0,
  buffer_after_minutes: 0,
  minimum_notice_minutes: 24 * 60,
  horizon_days: 60,
  cancellation_window_hours: 24,
  slot_step_minutes: 15,
  price_cents: 0,
  currency: 'USD',
  needs_chair: false,
  is_active: true,
}

/**
 * A service's settings as the form edits them. The API sends every field; the schema marks the model's
 * defaulted ones optional, so a new service's defaults stand in for any it left out.
 */
function serviceFields(service: ServiceSetting): ServiceFields {
  const { id: _id, ...fields } = service
  return { ...NEW_SERVICE, ...fields }
}

type MinutesField =
  'duration_minutes' | 'recovery_minutes' | 'buffer_before_minutes' | 'buffer_after_minutes' | 'minimum_notice_minutes'

const labelOf = (options: { value: string; label: string }[], value: string) =>
  options.find((option) => option.value === value)?.label ?? value

function formatPrice(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100)
}

/** The clinic's services with their timing and price; clinic admins add and change them. */
export function ServicesTab({ mayEdit }: { mayEdit: boolean }) {
  const clinic = useConsoleClinic()
  const services = useServiceSettings(clinic.slug)
  const [editing, setEditing] = useState<ServiceSetting | 'new' | null>(null)
  return (
    <Stack gap="md">
      {mayEdit && (
        <Button style={{ alignSelf: 'flex-start' }} onClick={() => setEditing('new')}>
          Add a service
        </Button>
      )}
      <QueryState query={services} loading="Loading services…" failed="We couldn’t load the services" />
      {services.data?.length === 0 && <Text role="status">No services yet.</Text>}
      {services.data && services.data.length > 0 && (
        <ScrollRegion label="Services" minWidth={720}>
          <Table verticalSpacing={6} withTableBorder>
            <Table.Caption>Services of {clinic.name}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Service</Table.Th>
                <Table.Th scope="col">Kind</Table.Th>
                <Table.Th scope="col">Length</Table.Th>
                <Table.Th scope="col">Price</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {mayEdit && (
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {services.data.map((setting) => {
                const service = serviceFields(setting)
                return (
                  <Table.Tr key={setting.id}>
                    <Table.Td>{service.name}</Table.Td>
                    <Table.Td>
                      {labelOf(KINDS, service.kind)} · {labelOf(MODALITIES, service.modality)}
                      {service.needs_chair ? ' · chair' : ''}
                    </Table.Td>
                    <Table.Td>
                      {service.duration_minutes} min
                      {service.recovery_minutes > 0 ? ` + ${service.recovery_minutes} min recovery` : ''}
                    </Table.Td>
                    <Table.Td>{formatPrice(service.price_cents, service.currency)}</Table.Td>
                    <Table.Td>
                      <Badge
                        variant={service.is_active ? 'light' : 'outline'}
                        color={service.is_active ? 'teal.9' : 'gray.8'}
                        tt="none"
                        radius="sm"
                      >
                        {service.is_active ? 'Offered' : 'Not offered'}
                      </Badge>
                    </Table.Td>
                    {mayEdit && (
                      <Table.Td>
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setEditing(setting)}
                          aria-label={`Edit ${service.name}`}
                        >
                          Edit
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Add a service' : `Edit ${editing?.name ?? ''}`}
        size="lg"
      >
        {editing !== null && (
          <ServiceForm service={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  )
}

function ServiceForm({ service, onDone }: { service: ServiceSetting | null; onDone: () => void }) {
  const clinic = useConsoleClinic()
  const [values, setValues] = useState<ServiceFields>(() => {
    if (!service) {
      return NEW_SERVICE
    }
    return serviceFields(service)
  })
  const save = useAvailabilityChange((fields: ServiceFields) => {
    const { slug, ...rest } = fields
    const body = slug ? fields : rest
    return service
      ? availabilityApi.services.update(clinic.slug, service.id, body)
      : availabilityApi.services.create(clinic.slug, body)
  }, onDone)
  // The price is typed in currency units and sent in cents; the text stays as typed until then.
  const [price, setPrice] = useState<string | number>(values.price_cents / 100)
  const set = <Name extends keyof ServiceFields>(name: Name, value: ServiceFields[Name]) =>
    setValues((current) => ({ ...current, [name]: value }))
  const minutes = (name: MinutesField, label: string, max: number, description?: string) => (
    <NumberInput
      label={label}
      description={description}
      value={values[name]}
      onChange={(value) => set(name, typeof value === 'number' ? value : 0)}
      error={apiFieldError(save.error, name)}
      min={0}
      max={max}
      allowDecimal={false}
      suffix=" min"
    />
  )

  return (
    <Stack
      component="form"
      gap="sm"
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate({ ...values, name: values.name.trim(), price_cents: Math.round(Number(price || 0) * 100) })
      }}
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label="Name"
          value={values.name}
          onChange={(event) => set('name', event.currentTarget.value)}
          error={apiFieldError(save.error, 'name')}
          maxLength={120}
          required
          data-autofocus
        />
        <TextInput
          label="Short name in links"
          description={service ? undefined : 'Optional: made from the name'}
          value={values.slug}
          onChange={(event) => set('slug', event.currentTarget.value)}
          error={apiFieldError(save.error, 'slug')}
          maxLength={60}
        />
        <Select
          label="Kind"
          data={KINDS}
          value={values.kind}
          onChange={(value) => value && set('kind', value as ServiceKind)}
          allowDeselect={false}
          error={apiFieldError(save.error, 'kind')}
        />
        <Select
          label="How it takes place"
          data={MODALITIES}
          value={values.modality}
          onChange={(value) => value && set('modality', value as Modality)}
          allowDeselect={false}
          error={apiFieldError(save.error, 'modality')}
        />
        <Select
          label="Dosing route"
          description="Dosing sessions and boosters only"
          data={ROUTES}
          value={values.route}
          onChange={(value) => set('route', (value ?? '') as ServiceFields['route'])}
          allowDeselect={false}
          error={apiFieldError(save.error, 'route')}
        />
        <Select
          label="Start times"
          data={SLOT_STEPS}
          value={String(values.slot_step_minutes)}
          onChange={(value) => {
            const step = SLOT_STEP_MINUTES.find((minutes) => String(minutes) === value)
            if (step) set('slot_step_minutes', step)
          }}
          allowDeselect={false}
          error={apiFieldError(save.error, 'slot_step_minutes')}
        />
        {minutes('duration_minutes', 'Session length', 480)}
        {minutes('recovery_minutes', 'Recovery (monitored)', 480, 'The chair and patient stay occupied')}
        {minutes('buffer_before_minutes', 'Provider’s preparation', 120)}
        {minutes('buffer_after_minutes', 'Provider’s time for notes', 120)}
        {minutes('minimum_notice_minutes', 'Notice patients must give', 60 * 24 * 30, '1440 min = 1 day')}
        <NumberInput
          label="Bookable up to"
          value={values.horizon_days}
          onChange={(value) => set('horizon_days', typeof value === 'number' ? value : 1)}
          error={apiFieldError(save.error, 'horizon_days')}
          min={1}
          max={365}
          allowDecimal={false}
          suffix=" days ahead"
        />
        <NumberInput
          label="Patients may cancel online until"
          value={values.cancellation_window_hours}
          onChange={(value) => set('cancellation_window_hours', typeof value === 'number' ? value : 0)}
          error={apiFieldError(save.error, 'cancellation_window_hours')}
          min={0}
          max={336}
          allowDecimal={false}
          suffix=" hours before"
        />
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <NumberInput
            label="Price"
            value={price}
            onChange={setPrice}
            error={apiFieldError(save.error, 'price_cents')}
            min={0}
            decimalScale={2}
            thousandSeparator=","
            style={{ flex: 1 }}
          />
          <TextInput
            label="Currency"
            value={values.currency}
            onChange={(event) => set('currency', event.currentTarget.value.toUpperCase())}
            error={apiFieldError(save.error, 'currency')}
            maxLength={3}
            w={90}
          />
        </Group>
      </SimpleGrid>
      <Checkbox
        label="Needs a treatment chair"
        checked={values.needs_chair}
        onChange={(event) => set('needs_chair', event.currentTarget.checked)}
        error={apiFieldError(save.error, 'needs_chair')}
      />
      <Checkbox
        label="Offered (patients can book it)"
        checked={values.is_active}
        onChange={(event) => set('is_active', event.currentTarget.checked)}
        error={apiFieldError(save.error, 'is_active')}
      />
      <ChangeError error={save.error} />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending}>
          {service ? 'Save changes' : 'Add service'}
        </Button>
      </Group>
    </Stack>
  )
}
