import { Anchor, Badge, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { PageTitle } from '../../../components/PageTitle'
import { consoleApi, consoleKeys, useOpenAlerts, type SafetyAlert } from '../api'
import { useConsoleClinic } from '../clinics'
import { ListPagination } from '../components/ListPagination'
import { QueryStatus } from '../components/QueryStatus'
import { usePageParam } from '../components/usePageParam'
import { ScrollRegion } from '../components/ScrollRegion'
import { consolePaths } from '../consolePaths'
import { formatDateTime } from '../time'
import { patientName } from './patientName'
import { flaggedFirst, patientsWithOpenAlerts } from './urgency'

export function PatientListPage() {
  const clinic = useConsoleClinic()
  const [params, setParams] = useSearchParams()
  const [search, setSearch] = useState(params.get('q') ?? '')
  const [debounced] = useDebouncedValue(search.trim(), 300)
  const page = usePageParam()

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
    queryKey: consoleKeys.patients(clinic.slug, debounced, page),
    queryFn: () => consoleApi.patients(clinic.slug, debounced, page),
    placeholderData: keepPreviousData,
  })
  const openAlerts = useOpenAlerts(clinic.slug)
  const urgent = patientsWithOpenAlerts(openAlerts.data?.results ?? [])

  return (
    <>
      <PageTitle>Patients</PageTitle>
      <Stack gap="lg">
        {urgent.size > 0 && <UrgentPatients alerts={[...urgent.values()]} />}
        <TextInput
          label="Search patients"
          description="Name or e-mail address"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={{ base: '100%', sm: 360 }}
          type="search"
        />
        <QueryStatus query={patients} loading="Loading patients…" title="We couldn’t load the patients" />
        {patients.data && (
          <>
            <Text size="sm" role="status">
              {patients.data.count === 0
                ? debounced
                  ? `No patient of ${clinic.name} matches “${debounced}”.`
                  : `${clinic.name} has no patients yet.`
                : `${patients.data.count} patient${patients.data.count === 1 ? '' : 's'}${debounced ? ` matching “${debounced}”` : ''}.`}
            </Text>
            {patients.data.count > 0 && (
              <ScrollRegion label="Patient list" minWidth={560}>
                <Table striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>E-mail</Table.Th>
                      <Table.Th>Flags</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {flaggedFirst(patients.data.results, urgent).map((patient) => (
                      <Table.Tr key={patient.id}>
                        <Table.Td>
                          <Anchor component={Link} to={consolePaths.patient(clinic.slug, patient.id)} fw={600}>
                            {patientName(patient)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{patient.email}</Table.Td>
                        <Table.Td>{urgent.has(patient.id) && <UrgentBadge />}</Table.Td>
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
