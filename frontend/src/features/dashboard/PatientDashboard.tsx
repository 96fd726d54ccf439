import { Anchor, Badge, Button, List, Progress, SimpleGrid, Stack, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { generatePath, Link } from 'react-router'
import { paths } from '../../app/paths'
import { QueryState } from '../../components/QueryState'
import { approvedRoutes, ROUTE_LABELS, useIntake, usePlan, useTrend, type Plan } from '../../lib/careApi'
import { useAssignedReading, useReadingProgress } from '../../lib/educationApi'
import { daysSince, formatIsoDate } from '../../lib/format'
import { getNotifications, notificationQueryKeys } from '../../lib/notificationsApi'
import { bandFor } from '../checkins/instruments'
import { isAnswered, requiredQuestions, toValues } from '../intake/intakeQuestions'
import { AssignedReadingList } from '../library/AssignedReading'
import { NextAppointmentCard } from '../booking/NextAppointmentCard'
import { DashboardCard } from './DashboardCard'

/** The PHQ-9 asks about the last two weeks, so that is how often it is worth repeating. */
export const CHECK_IN_INTERVAL_DAYS = 14

export function PatientDashboard({ name }: { name: string }) {
  return (
    <Stack gap="lg">
      <Text size="xl">Welcome, {name}.</Text>
      <CheckInPrompt />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <NextAppointmentCard />
        <NextStepsCard />
        <PlanCard />
        <ReadingCard />
        <NotificationsCard />
      </SimpleGrid>
    </Stack>
  )
}

const phq9Path = generatePath(paths.checkIn, { instrument: 'phq9' })

function CheckInPrompt() {
  const trend = useTrend()
  const phq9 = trend.data?.instruments.find((instrument) => instrument.instrument === 'phq9')
  const last = phq9?.points.at(-1)
  const days = last ? daysSince(last.taken_at) : null
  const due = days === null || days >= CHECK_IN_INTERVAL_DAYS

  return (
    <DashboardCard id="check-in-heading" title="How are you feeling?">
      <QueryState query={trend} loading="Loading your check-ins…" failed="We couldn’t load your check-ins" />
      {trend.data && !last && (
        <Text>
          A two-minute mood check-in (the PHQ-9) helps you and your care team follow how you are doing between visits.
        </Text>
      )}
      {last && phq9 && (
        <Text>
          Your last mood check-in was on {formatIsoDate(last.taken_at)}: {last.total_score} out of {phq9.max_score}
          {bandFor(phq9.bands, last.total_score)
            ? ` (${bandFor(phq9.bands, last.total_score)?.label.toLowerCase()})`
            : ''}
          .{due ? ' It’s time for a new one.' : ` The next one is due in ${CHECK_IN_INTERVAL_DAYS - (days ?? 0)} days.`}
        </Text>
      )}
      {trend.data && (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" w="100%" maw={520}>
          {due && (
            <Button component={Link} to={phq9Path}>
              Start a mood check-in
            </Button>
          )}
          {last && (
            <Button component={Link} to={paths.checkIns} variant="default">
              See your scores over time
            </Button>
          )}
        </SimpleGrid>
      )}
    </DashboardCard>
  )
}

function NextStepsCard() {
  const intake = useIntake()
  return (
    <DashboardCard id="next-steps-heading" title="Getting started">
      <QueryState query={intake} loading="Loading your intake…" failed="We couldn’t load your intake" />
      {intake.isSuccess && intake.data === null && (
        <>
          <Text>Start with a few questions about your health. You can stop and come back any time.</Text>
          <Button component={Link} to={paths.intake}>
            Start your intake
          </Button>
        </>
      )}
      {intake.data?.status === 'draft' && <IntakeInProgress values={toValues(intake.data)} />}
      {intake.data?.status === 'submitted' && (
        <>
          <Text>
            You sent your intake{intake.data.submitted_at ? ` on ${formatIsoDate(intake.data.submitted_at)}` : ''}. A
            clinician will review it with you.
          </Text>
          <Anchor component={Link} to={paths.intake}>
            See your intake result
          </Anchor>
        </>
      )}
      <Text>Your clinic also asks you to read and sign its consent forms.</Text>
      <Anchor component={Link} to={paths.consents}>
        Consent forms
      </Anchor>
    </DashboardCard>
  )
}

function IntakeInProgress({ values }: { values: ReturnType<typeof toValues> }) {
  const required = requiredQuestions(values)
  const answered = required.filter((question) => isAnswered(question, values)).length
  return (
    <>
      <Text>
        Your intake is in progress: {answered} of {required.length} questions answered.
      </Text>
      <Progress
        value={(answered / required.length) * 100}
        w="100%"
        aria-label={`Intake: ${answered} of ${required.length} questions answered`}
      />
      <Button component={Link} to={paths.intake}>
        Continue your intake
      </Button>
    </>
  )
}

const PLAN_STATUS: Record<NonNullable<Plan['status']>, { label: string; color: string }> = {
  active: { label: 'Active', color: 'evergreen' },
  paused: { label: 'Paused', color: 'gray' },
  completed: { label: 'Completed', color: 'blue' },
}

function PlanCard() {
  const plan = usePlan()
  return (
    <DashboardCard id="plan-heading" title="Your treatment plan">
      <QueryState query={plan} loading="Loading your plan…" failed="We couldn’t load your plan" />
      {plan.isSuccess && plan.data === null && (
        <Text>
          No plan yet. After your consultation, if you and your provider decide to go ahead, your plan appears here.
        </Text>
      )}
      {plan.data && <PlanSummary plan={plan.data} />}
    </DashboardCard>
  )
}

function PlanSummary({ plan }: { plan: Plan }) {
  const status = plan.status ? PLAN_STATUS[plan.status] : null
  const provider = plan.provider.display_name
    ? `${plan.provider.display_name}${plan.provider.credentials ? `, ${plan.provider.credentials}` : ''}`
    : null
  const routes = approvedRoutes(plan)
  return (
    <>
      {status && (
        <Badge variant="light" color={status.color}>
          {status.label}
        </Badge>
      )}
      <Text>
        At {plan.clinic.name}
        {provider ? ` with ${provider}` : ''}.
      </Text>
      {/* The due date is a calendar date: read at local noon, no time zone moves it to the day before. */}
      <Text fw={600}>
        {plan.progress.maintenance_started ? 'First series complete' : `${plan.progress.induction.summary} done`}
        {plan.progress.next_booster_due
          ? ` · next follow-up session due around ${formatIsoDate(`${plan.progress.next_booster_due}T12:00:00`)}`
          : ''}
      </Text>
      <List spacing={4}>
        {plan.induction_sessions !== undefined && (
          <List.Item>
            First series: {plan.induction_sessions} sessions
            {plan.induction_window_days ? ` within ${plan.induction_window_days} days` : ''}
          </List.Item>
        )}
        {plan.integration_sessions ? <List.Item>Integration sessions: {plan.integration_sessions}</List.Item> : null}
        <List.Item>
          {plan.booster_interval_days
            ? `Follow-up (booster) sessions: about every ${plan.booster_interval_days} days`
            : 'No follow-up (booster) sessions planned yet'}
        </List.Item>
        {routes.length > 0 && (
          <List.Item>How it’s given: {routes.map((route) => ROUTE_LABELS[route]).join(', ')}</List.Item>
        )}
      </List>
    </>
  )
}

function ReadingCard() {
  const assigned = useAssignedReading()
  const progress = useReadingProgress()
  const unread = assigned.data?.filter((assignment) => !assignment.read_at) ?? []

  return (
    <DashboardCard id="reading-heading" title="Reading for you">
      <QueryState query={assigned} loading="Loading your reading…" failed="We couldn’t load your reading" />
      {assigned.data && unread.length === 0 && (
        <Text>
          {assigned.data.length > 0
            ? 'You have read everything your clinic suggested. Well done.'
            : 'Nothing assigned right now. The library has short articles about every step of treatment.'}
        </Text>
      )}
      {progress.data && progress.data.assigned > 0 && (
        <Text size="sm">
          You have read {progress.data.read} of {progress.data.assigned} suggested articles.
        </Text>
      )}
      {unread.length > 0 && <AssignedReadingList assignments={unread.slice(0, 3)} />}
      <Anchor component={Link} to={paths.library}>
        Open the library
      </Anchor>
    </DashboardCard>
  )
}

function NotificationsCard() {
  const notifications = useQuery({
    queryKey: notificationQueryKeys.latest,
    queryFn: () => getNotifications(1),
  })
  const unread = notifications.data?.results.filter((notification) => !notification.read_at) ?? []

  return (
    <DashboardCard id="alerts-heading" title="Notifications">
      <QueryState
        query={notifications}
        loading="Loading your notifications…"
        failed="We couldn’t load your notifications"
      />
      {notifications.data && unread.length === 0 && <Text>You’re all caught up.</Text>}
      {unread.length > 0 && (
        <List spacing="xs">
          {unread.slice(0, 3).map((notification) => (
            <List.Item key={notification.id}>
              <Text fw={600} span>
                {notification.title}
              </Text>{' '}
              <Text size="sm" c="dimmed" span>
                {formatIsoDate(notification.created_at)}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      <Anchor component={Link} to={paths.notifications}>
        {unread.length > 0 ? `See all notifications (${unread.length} new)` : 'See all notifications'}
      </Anchor>
    </DashboardCard>
  )
}
