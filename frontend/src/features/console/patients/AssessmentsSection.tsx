import { Box, Stack, Table, Text, Title } from '@mantine/core'
import { lazy, Suspense } from 'react'
import { LoadingState } from '../../../components/LoadingState'
import { consoleApi, usePatientPart, type InstrumentTrend } from '../api'
import { useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { Section } from '../components/Section'
import { formatDateTime, formatDay } from '../../../lib/time'

// The charting library is large; load it with the first chart.
const TrendChart = lazy(() =>
  import('../../../components/TrendChart').then((module) => ({ default: module.TrendChart })),
)

/** PHQ-9 and GAD-7 totals over time: a chart to see the trend, and the same numbers as a table. */
export function AssessmentsSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const trend = usePatientPart(clinic.slug, patientId, 'assessment-trend', () =>
    consoleApi.assessmentTrend(clinic.slug, patientId),
  )
  const instruments = trend.data?.instruments.filter((instrument) => instrument.points.length > 0) ?? []
  const sessions = trend.data?.sessions.map((session) => session.start) ?? []
  return (
    <Section id="assessments" title="Assessments">
      <QueryState query={trend} loading="Loading assessments…" />
      {trend.isSuccess && instruments.length === 0 && <Text>No questionnaires completed yet.</Text>}
      <Stack gap="lg">
        {instruments.map((instrument) => (
          <InstrumentTrendView
            key={instrument.instrument}
            trend={instrument}
            sessions={sessions}
            timeZone={clinic.timezone}
          />
        ))}
      </Stack>
    </Section>
  )
}

/** One sentence that says what the chart shows, for people who can't see it; dates in the clinic's zone. */
function trendSummary(trend: InstrumentTrend, timeZone: string): string {
  const oldestFirst = [...trend.points].sort((a, b) => a.taken_at.localeCompare(b.taken_at))
  const first = oldestFirst[0]
  const last = oldestFirst[oldestFirst.length - 1]
  if (oldestFirst.length === 1) {
    return `${trend.name}: one questionnaire, a score of ${first.total_score} on ${formatDay(first.taken_at, timeZone)}.`
  }
  return (
    `${trend.name} scores over ${oldestFirst.length} questionnaires: ` +
    `${first.total_score} on ${formatDay(first.taken_at, timeZone)}, ` +
    `most recently ${last.total_score} on ${formatDay(last.taken_at, timeZone)}.`
  )
}

function InstrumentTrendView({
  trend,
  sessions,
  timeZone,
}: {
  trend: InstrumentTrend
  sessions: string[]
  timeZone: string
}) {
  const newestFirst = [...trend.points].sort((a, b) => b.taken_at.localeCompare(a.taken_at))
  const bandLabel = (severity: string) => trend.bands.find((band) => band.severity === severity)?.label ?? severity
  const headingId = `trend-${trend.instrument}`
  return (
    <Stack gap="xs">
      <Title order={3} size="h5" id={headingId}>
        {trend.name}
      </Title>
      <Box component="figure" m={0} aria-labelledby={`${headingId}-caption`}>
        <Suspense fallback={<LoadingState label="Drawing the chart…" />}>
          <TrendChart
            trend={trend}
            sessions={sessions}
            summary={trendSummary(trend, timeZone)}
            timeZone={timeZone}
            height={240}
          />
        </Suspense>
        <Text component="figcaption" size="xs" id={`${headingId}-caption`}>
          {trend.name} total scores (0 to {trend.max_score}) over time; shaded bands mark the severity ranges
          {sessions.length > 0 && '; dashed lines mark treatment sessions'}. The table below lists every score.
        </Text>
      </Box>
      <ScrollRegion label={`Table of ${trend.name} scores`} minWidth={360}>
        <Table striped>
          <caption style={{ captionSide: 'top', textAlign: 'left', fontSize: 'var(--mantine-font-size-sm)' }}>
            {trend.name} scores, newest first
          </caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Taken</Table.Th>
              <Table.Th>Score</Table.Th>
              <Table.Th>Severity</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {newestFirst.map((point) => (
              <Table.Tr key={point.taken_at}>
                <Table.Td>{formatDateTime(point.taken_at, timeZone)}</Table.Td>
                <Table.Td>
                  {point.total_score} / {trend.max_score}
                </Table.Td>
                <Table.Td>{bandLabel(point.severity)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </Stack>
  )
}
