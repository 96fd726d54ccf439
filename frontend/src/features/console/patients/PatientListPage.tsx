import { Anchor, Badge, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { PageTitle } from '../../../components/PageTitle'
import {
  consoleApi,
  consoleKeys,
  useOpenAlerts,
  type PatientFilters,
  type PatientFlag,
  type PatientRow,
  type PatientSort,
  type PatientStage,
  type SafetyAlert,
} from '../api'
import { useConsoleClinic } from '../clinics'
import { ListPagination } from '../components/ListPagination'
import { QueryState } from '../../../components/QueryState'
import { usePageParam } from '../components/usePageParam'
import { ScrollRegion } from '../components/ScrollRegion'
import { consolePaths } from '../consolePaths'
import { formatDateTime } from '../../../lib/time'
import { patientName } from './patientName'
import { patientsWithOpenAlerts } from './urgency'

export function PatientListPage() {
  const clinic = useConsoleClinic()
  const [params, setParams] = useSearchParams()
  const [search, setSearch] = useState(params.get('q') ?? '')
  const [debounced] = useDebouncedValue(search.trim(), 300)
  const page = usePageParam()
  const filters: PatientFilters = {
    search: debounced,
    stage: chosen(params.get('stage'), STAGE_LABELS),
    flag: chosen(params.get('flag'), FLAG_LABELS),
    sort: chosen(params.get('sort'), SORT_LABELS) ?? 'name',
  }
  const filtered = Boolean(debounced || filters.stage || filters.flag)
  const choose = (name: 'stage' | 'flag' | 'sort') => (value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current)
      if (value && value !== ANY) next.set(name, value)
      else next.delete(name)
      next.delete('page')
      return next
    })

  useEffect(() => {
    setParams(
      (current) => {
        if ((current.get('q') ?? '') === debounced) return current
        const next = new URLSearchParams(current)
        if (debounced) next.set('q', debounced)
        else next.delete('q')
        next.delete('page')
        return next
      },
      { replace: true },
    )
  }, [debounced, setParams])

  const patients = useQuery({
    queryKey: consoleKeys.patients(clinic.slug, filters, page),
    queryFn: () => consoleApi.patients(clinic.slug, filters, page),
    placeholderData: keepPreviousData,
  })
  const openAlerts = useOpenAlerts(clinic.slug)
  const urgent = patientsWithOpenAlerts(openAlerts.data?.results ?? [])

  return (
    <>
      <PageTitle>Patients</PageTitle>
      <Stack gap="lg">
        {urgent.size > 0 && <UrgentPatients alerts={[...urgent.values()]} />}
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput
            label="Search patients"
            description="Name or e-mail address"
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            type="search"
          />
          <Select
            label="Stage"
            description="Where they are in treatment here"
            data={options(STAGE_LABELS, 'Any stage')}
            value={filters.stage ?? ANY}
            onChange={choose('stage')}
            allowDeselect={false}
          />
          <Select
            label="Needs attention"
            description="Open alerts are always listed first"
            data={options(FLAG_LABELS, 'Everyone')}
            value={filters.flag ?? ANY}
            onChange={choose('flag')}
            allowDeselect={false}
          />
          <Select
            label="Sort by"
            description="After patients with an open alert"
            data={options(SORT_LABELS)}
            value={filters.sort}
            onChange={choose('sort')}
            allowDeselect={false}
          />
        </SimpleGrid>
        <QueryState query={patients} loading="Loading patients…" failed="We couldn’t load the patients" />
        {patients.data && (
          <>
            <Text size="sm" role="status">
              {patients.data.count === 0
                ? debounced
                  ? `No patient of ${clinic.name} matches “${debounced}”${filters.stage || filters.flag ? ' with these filters' : ''}.`
                  : filtered
                    ? `No patient of ${clinic.name} matches these filters.`
                    : `${clinic.name} has no patients yet.`
                : `${patients.data.count} patient${patients.data.count === 1 ? '' : 's'}${debounced ? ` matching “${debounced}”` : ''}.`}
            </Text>
            {patients.data.count > 0 && (
              <ScrollRegion label="Patient list" minWidth={760}>
                <Table striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>E-mail</Table.Th>
                      <Table.Th>Stage</Table.Th>
                      <Table.Th>Next appointment</Table.Th>
                      <Table.Th>Needs attention</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {patients.data.results.map((patient) => (
                      <Table.Tr key={patient.id}>
                        <Table.Td>
                          <Anchor component={Link} to={consolePaths.patient(clinic.slug, patient.id)} fw={600}>
                            {patientName(patient)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{patient.email}</Table.Td>
                        <Table.Td>{STAGE_LABELS[patient.stage]}</Table.Td>
                        <Table.Td>
                          {patient.next_appointment
                            ? formatDateTime(patient.next_appointment, clinic.timezone)
                            : 'None booked'}
                        </Table.Td>
                        <Table.Td>
                          <PatientFlags patient={patient} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollRegion>
            )}
            <ListPagination count={patients.data?.count} />
          </>
        )}
      </Stack>
    </>
  )
}

const ANY = 'any'

const STAGE_LABELS: Record<PatientStage, string> = {
  no_plan: 'No plan yet',
  induction: 'Induction',
  maintenance: 'Maintenance',
  paused: 'Plan paused',
}

const FLAG_LABELS: Record<PatientFlag, string> = {
  safety_alert: 'Open safety alert',
  no_escort: 'No escort named',
}

const SORT_LABELS: Record<PatientSort, string> = {
  name: 'Name',
  next_appointment: 'Next appointment',
}

/** A value from the URL, if it is one of the choices (a mistyped link shows the unfiltered list). */
function chosen<Key extends string>(value: string | null, labels: Record<Key, string>): Key | undefined {
  return value !== null && value in labels ? (value as Key) : undefined
}

function options(labels: Record<string, string>, anyLabel?: string) {
  const choices = Object.entries(labels).map(([value, label]) => ({ value, label }))
  return anyLabel ? [{ value: ANY, label: anyLabel }, ...choices] : choices
}

function PatientFlags({ patient }: { patient: PatientRow }) {
  return (
    <Group gap={4}>
      {patient.open_safety_alert && <UrgentBadge />}
      {patient.no_escort && (
        <Badge miw="max-content" color="orange.9" variant="outline" radius="sm" tt="none">
          <span aria-hidden>! </span>No escort named
        </Badge>
      )}
    </Group>
  )
}

export function UrgentBadge() {
  return (
    <Badge miw="max-content" color="red.9" radius="sm" tt="none">
      <span aria-hidden>! </span>Open safety alert
    </Badge>
  )
}

function UrgentPatients({ alerts }: { alerts: SafetyAlert[] }) {
  const clinic = useConsoleClinic()
  return (
    <Paper
      withBorder
      p="md"
      style={{ borderColor: 'var(--mantine-color-red-9)', borderWidth: 2 }}
      component="section"
      aria-labelledby="urgent-heading"
    >
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="urgent-heading">
          <span aria-hidden>! </span>Needs attention now
        </Title>
        <Anchor component={Link} to={consolePaths.alerts(clinic.slug)} size="sm">
          All safety alerts
        </Anchor>
      </Group>
      <Stack component="ul" gap={4} pl="md" m={0}>
        {alerts.map((alert) => (
          <li key={alert.patient.id}>
            <Anchor component={Link} to={consolePaths.patient(clinic.slug, alert.patient.id)} fw={600}>
              {patientName(alert.patient)}
            </Anchor>
            <Text component="span" size="sm">
              {` — ${alert.reason_label}; answered “${alert.answer_label}”, ${formatDateTime(alert.raised_at, clinic.timezone)}`}
            </Text>
          </li>
        ))}
      </Stack>
    </Paper>
  )
}
