import { LineChart } from '@mantine/charts'
import { Box, Stack, Table, Text, Title } from '@mantine/core'
import { consoleApi, usePatientPart, type InstrumentTrend } from '../api'
import { useConsoleClinic } from '../clinics'
import { QueryStatus } from '../components/QueryStatus'
import { ScrollRegion } from '../components/ScrollRegion'
import { Section } from '../components/Section'
import { formatDateTime } from '../../../lib/time'
import { trendChartData } from './trend'

/** PHQ-9 and GAD-7 totals over time: a chart to see the trend, and the same numbers as a table. */
export function AssessmentsSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const trend = usePatientPart(clinic.slug, patientId, 'assessment-trend', () =>
    consoleApi.assessmentTrend(clinic.slug, patientId),
  )
  const instruments = trend.data?.instruments.filter((instrument) => instrument.points.length > 0) ?? []
  return (
    <Section id="assessments" title="Assessments">
      <QueryStatus query={trend} loading="Loading assessments…" />
      {trend.isSuccess && instruments.length === 0 && <Text>No questionnaires completed yet.</Text>}
      <Stack gap="lg">
        {instruments.map((instrument) => (
          <InstrumentTrendView key={instrument.instrument} trend={instrument} timeZone={clinic.timezone} />
        ))}
      </Stack>
    </Section>
  )
}

function InstrumentTrendView({ trend, timeZone }: { trend: InstrumentTrend; timeZone: string }) {
  const newestFirst = [...trend.points].sort((a, b) => b.taken_at.localeCompare(a.taken_at))
  const bandLabel = (severity: string) => trend.bands.find((band) => band.severity === severity)?.label ?? severity
  const headingId = `trend-${trend.instrument}`
  return (
    <Stack gap="xs">
      <Title order={3} size="h5" id={headingId}>
        {trend.name}
      </Title>
      <Box component="figure" m={0} aria-labelledby={`${headingId}-caption`}>
        <LineChart
          h={200}
          data={trendChartData(trend, timeZone)}
          dataKey="date"
          series={[{ name: 'score', label: `${trend.name} total`, color: 'evergreen.7' }]}
          yAxisProps={{ domain: [0, trend.max_score], allowDecimals: false }}
          referenceLines={trend.bands
            .filter((band) => band.low > 0)
            .map((band) => ({
              y: band.low,
              label: band.label,
              color: 'gray.6',
              labelPosition: 'insideTopLeft' as const,
            }))}
          curveType="linear"
          withLegend={false}
        />
        <Text component="figcaption" size="xs" id={`${headingId}-caption`}>
          {trend.name} total scores (0 to {trend.max_score}) over time; lines mark where each severity band starts. The
          table below lists every score.
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
