import { BarChart, LineChart } from '@mantine/charts'
import { Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useMutation } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { ErrorAlert } from '../../../components/ErrorAlert'
import { PageTitle } from '../../../components/PageTitle'
import { errorMessage } from '../../../lib/http'
import { mayReadReports, useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { addDays, formatCalendarDate, isCalendarDate, startOfWeek, todayIn } from '../../../lib/time'
import { ReportChart, type ReportColumn } from './ReportChart'
import {
  DEFAULT_WEEKS,
  WEEK_CHOICES,
  currenciesOf,
  formatMoney,
  formatRate,
  isQuiet,
  moneyOf,
  outcomeText,
  percent,
  summarize,
  weekLabel,
} from './reportModel'
import {
  downloadReportCsv,
  useClinicReport,
  useOrganizationReport,
  type ReportRange,
  type ReportWeek,
} from './reportsApi'

type Scope = 'clinic' | 'all'

// Screen readers and keyboards get each chart's numbers as a table; the chart itself stays out of the
// tab order (recharts would otherwise make every chart a focusable stop that announces nothing useful).
const NO_KEYBOARD_LAYER = { accessibilityLayer: false }

/** The range and scope live in the address, so a report can be bookmarked or shared with a colleague. */
function useReportParams(zone: string, isOrgAdmin: boolean) {
  const [params, setParams] = useSearchParams()
  const requestedWeeks = Number(params.get('weeks'))
  const weeks = (WEEK_CHOICES as readonly number[]).includes(requestedWeeks) ? requestedWeeks : DEFAULT_WEEKS
  const requestedFrom = params.get('from')
  // By default the report ends with the current week.
  const from = isCalendarDate(requestedFrom)
    ? startOfWeek(requestedFrom)
    : startOfWeek(addDays(todayIn(zone), -7 * (weeks - 1)))
  const scope: Scope = isOrgAdmin && params.get('scope') === 'all' ? 'all' : 'clinic'
  const update = (changes: Record<string, string>) =>
    setParams((current) => ({ ...Object.fromEntries(current), from, weeks: String(weeks), ...changes }))
  return {
    range: { from, weeks } satisfies ReportRange,
    scope,
    setFrom: (next: string) => update({ from: startOfWeek(next) }),
    setWeeks: (next: number) => update({ weeks: String(next) }),
    setScope: (next: Scope) => update({ scope: next }),
  }
}

export function ReportsPage() {
  const clinic = useConsoleClinic()
  if (!mayReadReports(clinic)) {
    return (
      <>
        <PageTitle>Reports</PageTitle>
        <Text>Reports are for the clinic’s administrators. Ask one of them if you need these figures.</Text>
      </>
    )
  }
  return <Reports />
}

function Reports() {
  const clinic = useConsoleClinic()
  const { range, scope, setFrom, setWeeks, setScope } = useReportParams(clinic.timezone, clinic.isOrgAdmin)
  const clinicReport = useClinicReport(clinic.slug, range, scope === 'clinic')
  const organizationReport = useOrganizationReport(range, scope === 'all')
  const report = scope === 'all' ? organizationReport : clinicReport
  const weeks = scope === 'all' ? organizationReport.data?.totals : clinicReport.data?.weeks
  const lastDay = addDays(range.from, 7 * range.weeks - 1)
  const download = useMutation({
    mutationFn: () => downloadReportCsv(scope === 'all' ? 'all' : { clinic: clinic.slug }, range),
  })

  return (
    <>
      <PageTitle>{scope === 'all' ? 'Reports: all clinics' : `Reports: ${clinic.name}`}</PageTitle>
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          {clinic.isOrgAdmin && (
            <SegmentedControl
              aria-label="Clinics"
              value={scope}
              onChange={(next) => setScope(next as Scope)}
              data={[
                { value: 'clinic', label: clinic.name },
                { value: 'all', label: 'All clinics' },
              ]}
            />
          )}
          <DatePickerInput
            label="First week"
            description="Weeks start on Monday"
            value={range.from}
            onChange={(next) => next && setFrom(next)}
            valueFormat="ddd, MMM D, YYYY"
            firstDayOfWeek={1}
            w={200}
          />
          <Select
            label="Weeks"
            data={WEEK_CHOICES.map((count) => ({ value: String(count), label: `${count} weeks` }))}
            value={String(range.weeks)}
            onChange={(next) => next && setWeeks(Number(next))}
            allowDeselect={false}
            w={130}
          />
          <Stack gap={4} ml={{ sm: 'auto' }}>
            <Button onClick={() => download.mutate()} loading={download.isPending} disabled={!weeks}>
              Download CSV
            </Button>
          </Stack>
        </Group>
        <ErrorAlert
          title="We couldn’t download the CSV"
          message={download.error ? errorMessage(download.error) : null}
        />
        <Text size="sm">
          {formatCalendarDate(range.from, { year: 'numeric' })} to {formatCalendarDate(lastDay, { year: 'numeric' })}
          {scope === 'all'
            ? ', in each clinic’s own time zone. Totals add up the clinics’ weeks.'
            : `, in the clinic’s time zone (${clinic.timezone}).`}{' '}
          Appointments count in the week they were booked for; money in the week it was paid or refunded.
        </Text>
        <QueryState query={report} loading="Loading the report…" failed="We couldn’t load the report" />
        {weeks && isQuiet(weeks) && (
          <Text role="status">
            Nothing to report in these weeks: no appointments, payments or completed inductions.
          </Text>
        )}
        {weeks && <ReportBody weeks={weeks} minimumN={report.data?.minimum_outcome_n ?? 5} />}
        {scope === 'all' && organizationReport.data && <ClinicComparison clinics={organizationReport.data.clinics} />}
      </Stack>
    </>
  )
}

function Summary({ weeks }: { weeks: ReportWeek[] }) {
  const summary = summarize(weeks)
  const figures = [
    { label: 'Appointments booked', value: String(summary.booked) },
    { label: 'Cancelled', value: String(summary.cancelled) },
    { label: 'No-show rate', value: formatRate(summary.noShowRate) },
    { label: 'Provider utilization', value: formatRate(summary.providerUtilization) },
    { label: 'Chair utilization', value: formatRate(summary.chairUtilization) },
    { label: 'Induction series completed', value: String(summary.seriesCompleted) },
  ]
  return (
    <section aria-labelledby="report-summary">
      <Title order={2} size="h4" id="report-summary" mb="xs">
        The whole range
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" component="dl" m={0}>
        {figures.map((figure) => (
          <Paper key={figure.label} withBorder p="sm">
            <Text component="dt" size="sm">
              {figure.label}
            </Text>
            <Text component="dd" m={0} fw={700} fz="xl">
              {figure.value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  )
}

const weekColumn: ReportColumn<ReportWeek> = { header: 'Week of', cell: (week) => weekLabel(week.week_start) }
const count = (header: string, pick: (week: ReportWeek) => number): ReportColumn<ReportWeek> => ({
  header,
  cell: (week) => pick(week),
})

function ReportBody({ weeks, minimumN }: { weeks: ReportWeek[]; minimumN: number }) {
  const rows = weeks.map((week) => ({
    week: weekLabel(week.week_start),
    booked: week.booked,
    cancelledByPatient: week.cancelled_by_patient,
    cancelledByClinic: week.cancelled_by_clinic,
    noShows: week.no_shows,
    noShowRate: percent(week.no_show_rate),
    providers: percent(week.provider_utilization),
    chairs: percent(week.chair_utilization),
    series: week.series_completed,
    phq9: week.phq9_mean_change,
  }))
  const chartProps = { h: 220, data: rows, dataKey: 'week', withLegend: true } as const
  const percentAxis = { valueFormatter: (value: number) => `${value}%` } as const
  const key = (week: ReportWeek) => week.week_start

  return (
    <Stack gap="md">
      <Summary weeks={weeks} />
      <Title order={2} size="h4">
        Week by week
      </Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ReportChart
          title="Bookings and cancellations"
          caption="Appointments booked each week (including those later cancelled or missed), cancellations by patients and by the clinic, and no-shows."
          chart={
            <BarChart
              barChartProps={NO_KEYBOARD_LAYER}
              {...chartProps}
              series={[
                { name: 'booked', label: 'Booked', color: 'evergreen.7' },
                { name: 'cancelledByPatient', label: 'Cancelled by patient', color: 'orange.8' },
                { name: 'cancelledByClinic', label: 'Cancelled by clinic', color: 'grape.8' },
                { name: 'noShows', label: 'No-shows', color: 'red.9' },
              ]}
            />
          }
          rows={weeks}
          rowKey={key}
          columns={[
            weekColumn,
            count('Booked', (w) => w.booked),
            count('Cancelled by patient', (w) => w.cancelled_by_patient),
            count('Cancelled by clinic', (w) => w.cancelled_by_clinic),
            count('No-shows', (w) => w.no_shows),
            count('Completed', (w) => w.completed),
          ]}
        />
        <ReportChart
          title="No-show rate"
          caption="No-shows out of the appointments that were due to be attended (completed plus no-shows)."
          chart={
            <LineChart
              lineChartProps={NO_KEYBOARD_LAYER}
              {...chartProps}
              {...percentAxis}
              withLegend={false}
              connectNulls={false}
              series={[{ name: 'noShowRate', label: 'No-show rate', color: 'red.9' }]}
            />
          }
          rows={weeks}
          rowKey={key}
          columns={[
            weekColumn,
            { header: 'No-show rate', cell: (w) => formatRate(w.no_show_rate) },
            count('No-shows', (w) => w.no_shows),
            count('Completed', (w) => w.completed),
          ]}
        />
        <ReportChart
          title="Utilization"
          caption="Booked time out of available time: providers’ working hours less time off and closures; chairs while any provider works."
          chart={
            <LineChart
              lineChartProps={NO_KEYBOARD_LAYER}
              {...chartProps}
              {...percentAxis}
              connectNulls={false}
              series={[
                { name: 'providers', label: 'Providers', color: 'evergreen.7' },
                { name: 'chairs', label: 'Chairs', color: 'blue.8' },
              ]}
            />
          }
          rows={weeks}
          rowKey={key}
          columns={[
            weekColumn,
            { header: 'Providers', cell: (w) => formatRate(w.provider_utilization) },
            {
              header: 'Provider hours booked / available',
              cell: (w) => `${hours(w.provider_booked_minutes)} / ${hours(w.provider_available_minutes)}`,
            },
            { header: 'Chairs', cell: (w) => formatRate(w.chair_utilization) },
            {
              header: 'Chair hours booked / available',
              cell: (w) => `${hours(w.chair_booked_minutes)} / ${hours(w.chair_available_minutes)}`,
            },
          ]}
        />
        <MoneyCharts weeks={weeks} />
        <ReportChart
          title="Induction series completed"
          caption="Patients whose induction series was completed that week."
          chart={
            <BarChart
              barChartProps={NO_KEYBOARD_LAYER}
              {...chartProps}
              withLegend={false}
              yAxisProps={{ allowDecimals: false }}
              series={[{ name: 'series', label: 'Series completed', color: 'evergreen.7' }]}
            />
          }
          rows={weeks}
          rowKey={key}
          columns={[weekColumn, count('Series completed', (w) => w.series_completed)]}
        />
        <ReportChart
          title="PHQ-9 change after induction"
          caption={`Mean change from the PHQ-9 before the first dose to the first one after the induction (negative is better), by the week the induction was completed. Withheld for fewer than ${minimumN} patients, so no one’s scores can be told.`}
          chart={
            <BarChart
              barChartProps={NO_KEYBOARD_LAYER}
              {...chartProps}
              withLegend={false}
              series={[{ name: 'phq9', label: 'Mean PHQ-9 change', color: 'blue.8' }]}
            />
          }
          rows={weeks}
          rowKey={key}
          columns={[
            weekColumn,
            { header: 'Mean change', cell: (w) => outcomeText(w, minimumN) },
            count('Patients (n)', (w) => w.phq9_n),
          ]}
        />
      </SimpleGrid>
    </Stack>
  )
}

function hours(minutes: number): string {
  return `${Math.round((minutes / 60) * 10) / 10} h`
}

/** Revenue and refunds, one chart per currency (amounts in different currencies are never added). */
function MoneyCharts({ weeks }: { weeks: ReportWeek[] }) {
  const currencies = currenciesOf(weeks)
  if (currencies.length === 0) {
    return (
      <Paper component="section" withBorder p="md" aria-labelledby="money-heading">
        <Title order={3} size="h5" id="money-heading" mb="xs">
          Revenue and refunds
        </Title>
        <Text>No payments or refunds in these weeks.</Text>
      </Paper>
    )
  }
  return currencies.map((currency) => (
    <ReportChart
      key={currency}
      title={`Revenue and refunds (${currency})`}
      caption="Payments received and refunds made each week."
      chart={
        <BarChart
          barChartProps={NO_KEYBOARD_LAYER}
          h={220}
          dataKey="week"
          withLegend
          data={weeks.map((week) => ({ week: weekLabel(week.week_start), ...moneyOf(week, currency) }))}
          valueFormatter={(value) => formatMoney(value, currency)}
          series={[
            { name: 'revenue', label: 'Revenue', color: 'evergreen.7' },
            { name: 'refunds', label: 'Refunds', color: 'orange.8' },
          ]}
        />
      }
      rows={weeks}
      rowKey={(week) => week.week_start}
      columns={[
        weekColumn,
        { header: 'Revenue', cell: (w) => formatMoney(moneyOf(w, currency).revenue, currency) },
        { header: 'Refunds', cell: (w) => formatMoney(moneyOf(w, currency).refunds, currency) },
        {
          header: 'Net',
          cell: (w) => formatMoney(moneyOf(w, currency).revenue - moneyOf(w, currency).refunds, currency),
        },
      ]}
    />
  ))
}

interface ClinicWeeks {
  clinic: { slug: string; name: string; timezone: string }
  weeks: ReportWeek[]
}

/** Organisation admins: each clinic over the whole range, side by side. */
function ClinicComparison({ clinics }: { clinics: ClinicWeeks[] }) {
  return (
    <section aria-labelledby="by-clinic">
      <Title order={2} size="h4" id="by-clinic" mb="xs">
        By clinic
      </Title>
      <ScrollRegion label="Table of clinics" minWidth={760}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Clinic</Table.Th>
              <Table.Th scope="col">Booked</Table.Th>
              <Table.Th scope="col">Cancelled</Table.Th>
              <Table.Th scope="col">No-show rate</Table.Th>
              <Table.Th scope="col">Provider utilization</Table.Th>
              <Table.Th scope="col">Chair utilization</Table.Th>
              <Table.Th scope="col">Series completed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clinics.map(({ clinic, weeks }) => {
              const summary = summarize(weeks)
              return (
                <Table.Tr key={clinic.slug}>
                  <Table.Th scope="row" fw="normal">
                    {clinic.name}
                  </Table.Th>
                  <Table.Td>{summary.booked}</Table.Td>
                  <Table.Td>{summary.cancelled}</Table.Td>
                  <Table.Td>{formatRate(summary.noShowRate)}</Table.Td>
                  <Table.Td>{formatRate(summary.providerUtilization)}</Table.Td>
                  <Table.Td>{formatRate(summary.chairUtilization)}</Table.Td>
                  <Table.Td>{summary.seriesCompleted}</Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </section>
  )
}
