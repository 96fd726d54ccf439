import { Alert, Anchor, Badge, Group, Radio, Select, Stack, Text } from '@mantine/core'
import { useEffect } from 'react'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { QueryState } from '../../components/QueryState'
import { isDose, usePaymentsInfo, useServices, type PaymentsInfo, type Service } from '../../lib/bookingApi'
import { usePlan, type Plan } from '../../lib/careApi'
import { useClinics, type Clinic } from '../../lib/portalApi'
import { bookableServices, inductionToBook } from './bookableServices'
import { formatDuration, formatMoney, MODALITY_LABELS } from './bookingTerms'

interface ServiceStepProps {
  clinicSlug: string | null
  onClinicChange: (clinic: Clinic) => void
  serviceSlug: string | null
  onServiceChange: (service: Service) => void
}

/** Where and what: the clinic, then one of the services the patient may book there. */
export function ServiceStep({ clinicSlug, onClinicChange, serviceSlug, onServiceChange }: ServiceStepProps) {
  const clinics = useClinics()
  const plan = usePlan()
  const suggested = suggestedClinic(clinics.data, plan.data)
  useEffect(() => {
    if (clinicSlug === null && suggested) onClinicChange(suggested)
  }, [clinicSlug, suggested, onClinicChange])
  if (clinics.isPending || clinics.isError) {
    return <QueryState query={clinics} loading="Loading the clinics…" failed="We couldn’t load the clinics" />
  }
  if (clinics.data.length === 0) {
    return <Text>No clinic is taking bookings online right now. Please call your clinic.</Text>
  }
  return (
    <Stack gap="md">
      <Select
        label="Clinic"
        placeholder="Choose a clinic"
        data={clinics.data.map((clinic) => ({ value: clinic.slug, label: `${clinic.name}, ${clinic.city}` }))}
        value={clinicSlug}
        onChange={(slug) => {
          const clinic = clinics.data.find((candidate) => candidate.slug === slug)
          if (clinic) onClinicChange(clinic)
        }}
        allowDeselect={false}
        maw={400}
      />
      <QueryState query={plan} loading="Loading what you can book…" failed="We couldn’t load your treatment plan" />
      {clinicSlug && plan.isSuccess && (
        <ServiceChoice
          clinicSlug={clinicSlug}
          serviceSlug={serviceSlug}
          onServiceChange={onServiceChange}
          plan={plan.data}
        />
      )}
    </Stack>
  )
}

/** The clinic of the patient's plan, or the only clinic there is. */
function suggestedClinic(clinics: Clinic[] | undefined, plan: Plan | null | undefined): Clinic | null {
  if (!clinics) return null
  const planClinic = plan ? clinics.find((clinic) => clinic.slug === plan.clinic.slug) : undefined
  return planClinic ?? (clinics.length === 1 ? clinics[0] : null)
}

function ServiceChoice({
  clinicSlug,
  serviceSlug,
  onServiceChange,
  plan,
}: Omit<ServiceStepProps, 'onClinicChange' | 'clinicSlug'> & {
  clinicSlug: string
  plan: Plan | null
}) {
  const services = useServices(clinicSlug)
  const payments = usePaymentsInfo(clinicSlug)
  if (services.isPending || services.isError) {
    return <QueryState query={services} loading="Loading the services…" failed="We couldn’t load the services" />
  }
  const bookable = bookableServices(services.data, plan, clinicSlug)
  const planHere = plan?.clinic.slug === clinicSlug
  return (
    <Stack gap="sm">
      {bookable.length === 0 ? (
        <Text>This clinic has nothing you can book online yet. Please call the clinic.</Text>
      ) : (
        <Radio.Group
          label="What would you like to book?"
          value={serviceSlug}
          onChange={(slug) => {
            const service = bookable.find((candidate) => candidate.slug === slug)
            if (service) onServiceChange(service)
          }}
        >
          <Stack gap="xs" mt="xs">
            {bookable.map((service) => (
              <ServiceCard key={service.slug} service={service} payments={payments.data} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {planHere && plan && inductionToBook(plan) && bookable.some((service) => service.kind === 'dosing') && (
        <Alert variant="light" color="evergreen" title="Starting your treatment?">
          <Text size="sm">
            Your first {plan.induction_sessions ?? 6} sessions are best booked together, as one plan.{' '}
            <Anchor
              component={Link}
              to={`${paths.bookSeries}?clinic=${encodeURIComponent(clinicSlug)}`}
              size="sm"
              fw={600}
            >
              Book your first series
            </Anchor>
          </Text>
        </Alert>
      )}
      {!planHere && (
        <Text size="sm" c="dimmed">
          Treatment sessions can be booked once your provider has set up your treatment plan at this clinic.
        </Text>
      )}
    </Stack>
  )
}

function ServiceCard({ service, payments }: { service: Service; payments: PaymentsInfo | undefined }) {
  const due = payments?.services.find((price) => price.slug === service.slug)?.due_at_booking_cents ?? 0
  return (
    <Radio.Card value={service.slug} p="md" radius="md">
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Radio.Indicator mt={4} />
        <Stack gap={4}>
          <Text fw={600}>{service.name}</Text>
          <Group gap="xs">
            <Badge variant="light" color={service.modality === 'telehealth' ? 'blue' : 'evergreen'}>
              {MODALITY_LABELS[service.modality]}
            </Badge>
            <Text size="sm">{formatDuration(service.duration_minutes)}</Text>
          </Group>
          {service.price_cents > 0 && (
            <Text size="sm">
              {formatMoney(service.price_cents, service.currency)}
              {due > 0 ? `, ${formatMoney(due, service.currency)} paid online when booking` : ', paid at the clinic'}
            </Text>
          )}
          {isDose(service.kind) && service.recovery_minutes > 0 && (
            <Text size="sm" c="dimmed">
              Then {formatDuration(service.recovery_minutes)} of rest at the clinic before someone takes you home.
            </Text>
          )}
        </Stack>
      </Group>
    </Radio.Card>
  )
}
