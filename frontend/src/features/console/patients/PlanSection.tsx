import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiErrorAlert, ErrorAlert } from '../../../components/ErrorAlert'
import { LoadingState } from '../../../components/LoadingState'
import { approvedRoutes } from '../../../lib/careApi'
import { apiFieldErrors } from '../../../lib/formErrors'
import { errorMessage } from '../../../lib/http'
import {
  consoleApi,
  consoleKeys,
  hasCode,
  usePatientPart,
  type DosingRoute,
  type Plan,
  type PlanAdjustment,
  type PlanFields,
  type PlanProgress,
  type PlanStatus,
} from '../api'
import { mayDoClinicalWork, useConsoleClinic } from '../clinics'
import { Section } from '../components/Section'
import { formatCalendarDate, formatDateTime } from '../../../lib/time'
import { PLAN_STATUS_LABELS, ROUTE_LABELS } from './clinicalTerms'
import { ResponsibleProviderSelect } from './ResponsibleProviderSelect'
import { useClinicProviders } from './useClinicProviders'

/** The plan at this clinic; providers and clinic admins create it after an accepted consultation and adjust it. */
export function PlanSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const plan = usePatientPart(clinic.slug, patientId, 'plan', () => consoleApi.plan(clinic.slug, patientId))
  const outcomes = usePatientPart(clinic.slug, patientId, 'outcomes', () => consoleApi.outcomes(clinic.slug, patientId))
  const [editing, setEditing] = useState(false)
  const clinician = mayDoClinicalWork(clinic)
  const noPlan = hasCode(plan.error, 'no_plan')
  const accepted = outcomes.data?.results[0]?.decision === 'accepted'

  return (
    <Section id="plan" title="Treatment plan">
      <Stack gap="md">
        {plan.isPending && <LoadingState label="Loading the treatment plan…" />}
        {plan.isError && !noPlan && <ApiErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />}
        {noPlan && <Text>No treatment plan yet.</Text>}
        {plan.data && !editing && <PlanSummary plan={plan.data} />}
        {plan.data && !editing && <PlanAdjustments adjustments={plan.data.adjustments} />}
        {clinician && plan.data && plan.data.status !== 'completed' && !editing && (
          <Group>
            <Button variant="default" onClick={() => setEditing(true)}>
              Adjust plan
            </Button>
          </Group>
        )}
        {clinician && plan.data && editing && (
          <PlanForm patientId={patientId} plan={plan.data} onDone={() => setEditing(false)} />
        )}
        {clinician &&
          (noPlan || plan.data?.status === 'completed') &&
          (accepted ? (
            <PlanForm patientId={patientId} />
          ) : (
            outcomes.isSuccess && (
              <Text size="sm">A new plan needs an accepted consultation outcome at this clinic first.</Text>
            )
          ))}
        {!clinician && <Text size="sm">Providers and clinic admins create and adjust treatment plans.</Text>}
      </Stack>
    </Section>
  )
}

function PlanSummary({ plan }: { plan: Plan }) {
  const clinic = useConsoleClinic()
  return (
    <Table variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w="45%">Status</Table.Th>
          <Table.Td>
            <Badge miw="max-content" variant="light" tt="none" color={plan.status === 'active' ? 'evergreen' : 'gray'}>
              {/* Always sent; the schema marks the model's defaulted fields optional (the default is active). */}
              {PLAN_STATUS_LABELS[plan.status ?? 'active']}
            </Badge>
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Approved routes</Table.Th>
          <Table.Td>
            {approvedRoutes(plan)
              .map((route) => ROUTE_LABELS[route])
              .join(', ')}
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Induction</Table.Th>
          <Table.Td>
            {plan.induction_sessions} sessions within {plan.induction_window_days} days
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Integration sessions</Table.Th>
          <Table.Td>{plan.integration_sessions}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Boosters</Table.Th>
          <Table.Td>
            {plan.booster_interval_days ? `Every ${plan.booster_interval_days} days` : 'None planned'}
          </Table.Td>
        </Table.Tr>
        <PlanProgressRows progress={plan.progress} />
        <Table.Tr>
          <Table.Th>Responsible provider</Table.Th>
          <Table.Td>{plan.provider.display_name || plan.provider.id}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Last changed</Table.Th>
          <Table.Td>{formatDateTime(plan.updated_at, clinic.timezone)}</Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  )
}

const ADJUSTED_FIELD_LABELS: Record<string, string> = {
  approved_routes: 'Routes',
  induction_sessions: 'Induction sessions',
  induction_window_days: 'Induction window (days)',
  booster_interval_days: 'Days between boosters',
}

function adjustedValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return 'none'
  if (field === 'approved_routes')
    return approvedRoutes({ approved_routes: value })
      .map((route) => ROUTE_LABELS[route])
      .join(', ')
  return String(value)
}

/** Every documented change to what the plan allows, newest first, with who made it and why. */
function PlanAdjustments({ adjustments }: { adjustments: PlanAdjustment[] }) {
  const clinic = useConsoleClinic()
  if (adjustments.length === 0) return null
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Changes to what the plan allows
      </Title>
      <Stack component="ul" gap="xs" pl="md" m={0}>
        {adjustments.map((adjustment) => (
          <li key={adjustment.adjusted_at}>
            <Text size="sm">
              {formatDateTime(adjustment.adjusted_at, clinic.timezone)}, {adjustment.adjusted_by.display_name}:{' '}
              {Object.entries(adjustment.changes)
                .map(
                  ([field, [before, after]]) =>
                    `${ADJUSTED_FIELD_LABELS[field] ?? field} ${adjustedValue(field, before)} → ${adjustedValue(field, after)}`,
                )
                .join('; ')}
            </Text>
            <Text size="sm" c="dimmed">
              {adjustment.reason ? `Reason: ${adjustment.reason}` : 'No reason needed: the plan allows less.'}
            </Text>
          </li>
        ))}
      </Stack>
    </Stack>
  )
}

/** How far the patient is: the induction series, integration sessions, the last dose and the next booster. */
function PlanProgressRows({ progress }: { progress: PlanProgress }) {
  const clinic = useConsoleClinic()
  const { induction, integration } = progress
  return (
    <>
      <Table.Tr>
        <Table.Th>Progress</Table.Th>
        <Table.Td>
          {progress.maintenance_started ? 'Maintenance' : 'Induction'}: {induction.completed} of {induction.total}{' '}
          induction sessions done
          {induction.booked > 0 && `, ${induction.booked} booked`}
          {integration.total > 0 && `; ${integration.completed} of ${integration.total} integration sessions`}
        </Table.Td>
      </Table.Tr>
      <Table.Tr>
        <Table.Th>Last dose</Table.Th>
        <Table.Td>
          {progress.last_dosing_session
            ? formatDateTime(progress.last_dosing_session.start, clinic.timezone)
            : 'None yet'}
        </Table.Td>
      </Table.Tr>
      {progress.next_booster_due && (
        <Table.Tr>
          <Table.Th>Next booster due</Table.Th>
          <Table.Td>{formatCalendarDate(progress.next_booster_due, { year: 'numeric' })}</Table.Td>
        </Table.Tr>
      )}
    </>
  )
}

interface PlanFormValues {
  approved_routes: DosingRoute[]
  induction_sessions: number | string
  induction_window_days: number | string
  integration_sessions: number | string
  booster_interval_days: number | string
  provider: string | null
  status: PlanStatus
  reason: string
}

const inRange = (low: number, high: number, message: string) => (value: number | string) =>
  typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high ? null : message

/** Creates a plan, or (given `plan`) adjusts the current one, including pausing or completing it. */
export function PlanForm({ patientId, plan, onDone }: { patientId: string; plan?: Plan; onDone?: () => void }) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const { ownId } = useClinicProviders()
  const form = useForm<PlanFormValues>({
    initialValues: {
      approved_routes: plan ? approvedRoutes(plan) : [],
      induction_sessions: plan?.induction_sessions ?? 6,
      induction_window_days: plan?.induction_window_days ?? 21,
      integration_sessions: plan?.integration_sessions ?? 0,
      booster_interval_days: plan?.booster_interval_days ?? '',
      provider: plan?.provider.id ?? ownId,
      status: plan?.status ?? 'active',
      reason: '',
    },
    validate: {
      approved_routes: (routes) => (routes.length > 0 ? null : 'Approve at least one route.'),
      induction_sessions: inRange(1, 12, 'Between 1 and 12 sessions.'),
      induction_window_days: inRange(1, 90, 'Between 1 and 90 days.'),
      integration_sessions: inRange(0, 52, 'Between 0 and 52 sessions.'),
      booster_interval_days: (value) =>
        value === '' ? null : inRange(7, 365, 'Between 7 and 365 days, or empty.')(value),
      provider: (value) => (value ? null : 'Name the responsible provider.'),
    },
  })

  const save = useMutation({
    mutationFn: (values: PlanFormValues) => {
      const fields: PlanFields = {
        approved_routes: values.approved_routes,
        induction_sessions: Number(values.induction_sessions),
        induction_window_days: Number(values.induction_window_days),
        integration_sessions: Number(values.integration_sessions),
        booster_interval_days: values.booster_interval_days === '' ? null : Number(values.booster_interval_days),
      }
      const providerChanged = values.provider && values.provider !== (plan?.provider.id ?? ownId)
      if (providerChanged) fields.provider = values.provider!
      return plan
        ? consoleApi.updatePlan(clinic.slug, patientId, { ...fields, status: values.status, reason: values.reason })
        : consoleApi.createPlan(clinic.slug, patientId, fields)
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(consoleKeys.patientPart(clinic.slug, patientId, 'plan'), saved)
      notifications.show({ color: 'teal', message: plan ? 'Treatment plan updated.' : 'Treatment plan created.' })
      onDone?.()
    },
    onError: (error) => {
      form.setErrors(apiFieldErrors(error))
    },
  })

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {plan ? 'Adjust the treatment plan' : 'Create a treatment plan'}
        </Title>
        <Checkbox.Group label="Approved routes" withAsterisk {...form.getInputProps('approved_routes')}>
          <Group gap="md" mt={4}>
            {(Object.keys(ROUTE_LABELS) as DosingRoute[]).map((route) => (
              <Checkbox key={route} value={route} label={ROUTE_LABELS[route]} />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <NumberInput
            label="Induction sessions"
            min={1}
            max={12}
            allowDecimal={false}
            {...form.getInputProps('induction_sessions')}
          />
          <NumberInput
            label="Induction window (days)"
            min={1}
            max={90}
            allowDecimal={false}
            {...form.getInputProps('induction_window_days')}
          />
          <NumberInput
            label="Integration sessions"
            min={0}
            max={52}
            allowDecimal={false}
            {...form.getInputProps('integration_sessions')}
          />
          <NumberInput
            label="Days between boosters"
            description="Leave empty when no boosters are planned."
            min={7}
            max={365}
            allowDecimal={false}
            {...form.getInputProps('booster_interval_days')}
          />
        </SimpleGrid>
        {(!ownId || plan) && <ResponsibleProviderSelect {...form.getInputProps('provider')} />}
        {plan && (
          <Select
            label="Status"
            data={(Object.keys(PLAN_STATUS_LABELS) as PlanStatus[]).map((status) => ({
              value: status,
              label: PLAN_STATUS_LABELS[status],
            }))}
            allowDeselect={false}
            w={{ base: '100%', sm: 320 }}
            {...form.getInputProps('status')}
          />
        )}
        {plan && (
          <Textarea
            label="Reason for the change"
            description="Needed when the plan allows more: a route, more sessions or days, or boosters sooner."
            autosize
            minRows={2}
            maxLength={1000}
            {...form.getInputProps('reason')}
          />
        )}
        {form.values.status === 'completed' && plan?.status !== 'completed' && (
          <Alert variant="light" color="red" title="Completing is final">
            <Text size="sm">
              A completed plan can’t be changed again; a new plan would be needed for more treatment.
            </Text>
          </Alert>
        )}
        <ErrorAlert message={save.error && Object.keys(form.errors).length === 0 ? errorMessage(save.error) : null} />
        <Group gap="xs">
          <Button type="submit" loading={save.isPending}>
            {plan ? 'Save changes' : 'Create plan'}
          </Button>
          {onDone && (
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  )
}
