import '@mantine/dates/styles.css'
import { Alert, Anchor, Button, Card, Group, Radio, Stack, Text, Title } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { generatePath, Link, useSearchParams } from 'react-router'
import { paths } from '../../app/paths'
import { LoadingState } from '../../components/LoadingState'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import {
  bookingQueryKeys,
  bookSeries,
  calendarFileUrl,
  getSeriesProposal,
  newIdempotencyKey,
  useEscort,
  useServices,
  type Escort,
  type Series,
  type Service,
} from '../../lib/bookingApi'
import { approvedRoutes, usePlan, type Plan } from '../../lib/careApi'
import { ApiError } from '../../lib/http'
import { useClinics, type Clinic } from '../../lib/portalApi'
import { todayIn } from '../../lib/time'
import { BookingRefusal } from './BookingRefusal'
import { formatDuration, timeInBothZones } from './bookingTerms'
import { EscortFields } from './EscortFields'
import {
  checkEscort,
  escortErrorsFrom,
  escortValuesFrom,
  saveEscortIfChanged,
  type EscortErrors,
  type EscortValues,
} from './escortForm'
import { PaymentStep } from './PaymentStep'
import { SlotCalendar, type SlotChoice } from './SlotCalendar'
import { useOwnTimeZone } from './useOwnTimeZone'

/** One session of the series as it will be booked. */
interface PlannedSession {
  start: string
  providerId: string
  providerName: string
}

/** Book the first series of doses as one plan: a proposal from the clinic's free times, reviewed and confirmed at once. */
export function SeriesPage() {
  const [search] = useSearchParams()
  const plan = usePlan()
  const clinics = useClinics()
  const clinicSlug = search.get('clinic') ?? plan.data?.clinic.slug
  const clinic = clinics.data?.find((candidate) => candidate.slug === clinicSlug)
  return (
    <>
      <PageTitle>Book your treatment series</PageTitle>
      <Stack gap="md" maw={880}>
        <QueryState query={plan} loading="Loading your treatment plan…" failed="We couldn’t load your treatment plan" />
        <QueryState query={clinics} loading="Loading the clinic…" failed="We couldn’t load the clinics" />
        {plan.isSuccess && clinics.isSuccess && <SeriesPlanner plan={plan.data} clinic={clinic} />}
      </Stack>
    </>
  )
}

function SeriesPlanner({ plan, clinic }: { plan: Plan | null; clinic: Clinic | undefined }) {
  const services = useServices(clinic?.slug ?? null)
  if (!plan || plan.status !== 'active' || !clinic || plan.clinic.slug !== clinic.slug) {
    return (
      <Alert color="yellow" variant="light" title="No treatment plan here yet">
        A treatment series can be booked once your provider has set up your treatment plan at the clinic, after your
        consultation.{' '}
        <Anchor component={Link} to={paths.book}>
          Book a consultation
        </Anchor>
      </Alert>
    )
  }
  if (services.isPending || services.isError) {
    return <QueryState query={services} loading="Loading the services…" failed="We couldn’t load the services" />
  }
  const routes: string[] = approvedRoutes(plan)
  const dosing = services.data.filter((service) => service.kind === 'dosing' && routes.includes(service.route))
  if (dosing.length === 0) {
    return <Text>{clinic.name} offers no dosing service your plan includes online. Please call the clinic.</Text>
  }
  return <SeriesForm plan={plan} clinic={clinic} services={dosing} />
}

function SeriesForm({ plan, clinic, services }: { plan: Plan; clinic: Clinic; services: Service[] }) {
  const ownTimeZone = useOwnTimeZone()
  const [service, setService] = useState<Service>(services[0])
  const [firstDay, setFirstDay] = useState(todayIn(clinic.timezone))
  const [asked, setAsked] = useState(false)
  const [booked, setBooked] = useState<Series | null>(null)
  const sessions = plan.induction_sessions ?? 6
  const withinDays = plan.induction_window_days ?? 21
  // The server proposes what the plan has left (sessions booked or done count against it).
  const { induction } = plan.progress
  const left = Math.max(0, induction.total - induction.completed - induction.booked)
  const params = { service: service.slug, start: firstDay, sessions: left, within_days: withinDays }
  const proposal = useQuery({
    queryKey: bookingQueryKeys.seriesProposal(clinic.slug, params),
    queryFn: () => getSeriesProposal(clinic.slug, params),
    enabled: asked,
    staleTime: 0,
  })

  if (booked) {
    return <SeriesBooked series={booked} ownTimeZone={ownTimeZone} />
  }
  if (left === 0) {
    return (
      <Alert variant="light" title="Your induction series is booked">
        Every session your treatment plan includes is booked or done. Your appointments list shows them.
      </Alert>
    )
  }
  return (
    <Stack gap="lg">
      <Text>
        Your plan: {sessions} {service.name.toLowerCase()} sessions within {withinDays} days
        {left < sessions ? ` (${left} left to book)` : ''}, each {formatDuration(service.duration_minutes)}
        {service.recovery_minutes > 0 ? ` plus ${formatDuration(service.recovery_minutes)} of rest` : ''}. The clinic
        proposes a schedule from its free times; you can change any session before booking them all at once.
      </Text>
      {services.length > 1 && (
        <Radio.Group
          label="Which session?"
          value={service.slug}
          onChange={(slug) => setService(services.find((candidate) => candidate.slug === slug) ?? services[0])}
        >
          <Stack gap="xs" mt="xs">
            {services.map((candidate) => (
              <Radio key={candidate.slug} value={candidate.slug} label={candidate.name} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      <Group align="flex-end" gap="sm">
        <DatePickerInput
          label="Start no earlier than"
          value={firstDay}
          onChange={(day) => day && setFirstDay(day)}
          minDate={todayIn(clinic.timezone)}
          valueFormat="ddd, MMM D, YYYY"
          w={220}
        />
        <Button size="md" onClick={() => setAsked(true)} variant={asked ? 'default' : 'filled'}>
          {asked ? 'Propose again' : 'Propose a schedule'}
        </Button>
      </Group>
      {asked && (
        <QueryState
          query={proposal}
          loading="Finding times for every session…"
          failed="We couldn’t propose a schedule"
        />
      )}
      {proposal.data && (
        <SeriesReview
          key={proposal.dataUpdatedAt}
          clinic={clinic}
          service={service}
          withinDays={withinDays}
          ownTimeZone={ownTimeZone}
          proposed={proposal.data.sessions.map((session) => ({
            start: session.start,
            providerId: session.provider.id,
            providerName: session.provider.display_name,
          }))}
          onBooked={setBooked}
        />
      )}
    </Stack>
  )
}

interface SeriesReviewProps {
  clinic: Clinic
  service: Service
  withinDays: number
  ownTimeZone: string
  proposed: PlannedSession[]
  onBooked: (series: Series) => void
}

function SeriesReview(props: SeriesReviewProps) {
  const escort = useEscort()
  if (escort.isPending) return <LoadingState label="Loading your escort’s details…" />
  return <SeriesReviewForm {...props} savedEscort={escort.data ?? null} />
}

function SeriesReviewForm({
  clinic,
  service,
  withinDays,
  ownTimeZone,
  proposed,
  onBooked,
  savedEscort,
}: SeriesReviewProps & { savedEscort: Escort | null }) {
  const queryClient = useQueryClient()
  const [planned, setPlanned] = useState(proposed)
  const [changing, setChanging] = useState<number | null>(null)
  const [escort, setEscort] = useState<EscortValues>(() => escortValuesFrom(savedEscort))
  const [escortErrors, setEscortErrors] = useState<EscortErrors>({})
  // A new key whenever the sessions change: the same key with other sessions would be refused.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey)

  const book = useMutation({
    mutationFn: async () => {
      await saveEscortIfChanged(escort, savedEscort)
      const sorted = [...planned].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      return bookSeries(
        {
          clinic: clinic.slug,
          service: service.slug,
          sessions: sorted.map((session) => ({ start: session.start, provider: session.providerId })),
          within_days: withinDays,
          will_not_drive: escort.willNotDrive,
        },
        idempotencyKey,
      )
    },
    onSuccess: (series) => {
      void queryClient.invalidateQueries({ queryKey: bookingQueryKeys.all })
      onBooked(series)
    },
    onError: (error) => setEscortErrors(escortErrorsFrom(error)),
  })
  const failedSession = book.error instanceof ApiError ? book.error.extra.session : undefined

  const replace = (index: number, choice: SlotChoice | null) => {
    if (!choice) return
    const provider =
      choice.slot.providers.find((candidate) => candidate.id === choice.providerId) ?? choice.slot.providers[0]
    setPlanned(
      planned.map((session, at) =>
        at === index
          ? { start: choice.slot.start, providerId: provider.id, providerName: provider.display_name }
          : session,
      ),
    )
    setChanging(null)
    setIdempotencyKey(newIdempotencyKey())
    book.reset()
  }
  const confirm = () => {
    const errors = checkEscort(escort)
    setEscortErrors(errors)
    if (Object.keys(errors).length === 0) book.mutate()
  }

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        Your proposed sessions
      </Title>
      <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {planned.map((session, index) => {
          const when = timeInBothZones(session.start, clinic.timezone, ownTimeZone)
          return (
            <Card key={index} component="li" withBorder padding="sm" aria-label={`Session ${index + 1}`}>
              <Stack gap={4}>
                <Text fw={600}>
                  Session {index + 1}: {when.clinic}
                </Text>
                {when.own && (
                  <Text size="sm" c="dimmed">
                    {when.own} your time
                  </Text>
                )}
                <Text size="sm">With {session.providerName}</Text>
                {failedSession === index && (
                  <Text size="sm" c="red.8">
                    This session could not be booked: please choose another time for it.
                  </Text>
                )}
                {changing === index ? (
                  <Stack gap="sm" mt="sm">
                    <SlotCalendar
                      clinicSlug={clinic.slug}
                      clinicName={clinic.name}
                      clinicTimeZone={clinic.timezone}
                      ownTimeZone={ownTimeZone}
                      service={service}
                      value={null}
                      onChange={(choice) => replace(index, choice)}
                      currentStart={session.start}
                    />
                    <Button variant="subtle" onClick={() => setChanging(null)} style={{ alignSelf: 'flex-start' }}>
                      Keep this session’s time
                    </Button>
                  </Stack>
                ) : (
                  <Button
                    variant="default"
                    onClick={() => setChanging(index)}
                    style={{ alignSelf: 'flex-start' }}
                    aria-label={`Change session ${index + 1}`}
                  >
                    Change
                  </Button>
                )}
              </Stack>
            </Card>
          )
        })}
      </Stack>
      <Text size="sm">Every session must fall on its own day, within {withinDays} days of the first.</Text>
      <EscortFields values={escort} errors={escortErrors} onChange={setEscort} />
      {book.isError && Object.keys(escortErrorsFrom(book.error)).length === 0 && (
        <BookingRefusal error={book.error} title="We couldn’t book the series" />
      )}
      <Button size="md" onClick={confirm} loading={book.isPending} maw={360}>
        Book all {planned.length} sessions
      </Button>
    </Stack>
  )
}

function SeriesBooked({ series, ownTimeZone }: { series: Series; ownTimeZone: string }) {
  const first = series.appointments[0]
  const [paid, setPaid] = useState(first?.status !== 'held')
  if (!paid && first) {
    return (
      <Stack gap="md">
        <Title order={2} size="h3">
          Pay to confirm your series
        </Title>
        <PaymentStep
          appointmentId={first.id}
          holdExpiresAt={first.hold_expires_at}
          clinicTimeZone={series.clinic.timezone}
          onPaid={() => setPaid(true)}
        />
      </Stack>
    )
  }
  return (
    <Stack gap="md">
      <Alert color="evergreen" variant="light" title="Your series is booked" role="status">
        All {series.appointments.length} sessions are booked. We have sent you an e-mail with the details.
      </Alert>
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {series.appointments.map((appointment, index) => (
          <Group key={appointment.id} component="li" gap="sm" wrap="wrap">
            <Anchor component={Link} to={generatePath(paths.appointment, { appointmentId: appointment.id })}>
              Session {index + 1}: {timeInBothZones(appointment.start, series.clinic.timezone, ownTimeZone).clinic}
            </Anchor>
            <Anchor href={calendarFileUrl(appointment.id)} download="appointment.ics" size="sm">
              Add session {index + 1} to your calendar
            </Anchor>
          </Group>
        ))}
      </Stack>
    </Stack>
  )
}
