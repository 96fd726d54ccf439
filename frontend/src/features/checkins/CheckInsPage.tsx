import { Button, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { lazy, Suspense } from 'react'
import { generatePath, Link } from 'react-router'
import { paths } from '../../app/paths'
import { LoadingState } from '../../components/LoadingState'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { useTrend, type InstrumentCode, type InstrumentTrend } from '../../lib/careApi'
import { formatIsoDate } from '../../lib/format'
import { bandFor, chartSummary, INSTRUMENT_TITLES, isInstrumentCode } from './instruments'

// The charting library is large; only this page needs it.
const TrendChart = lazy(() => import('../../components/TrendChart').then((module) => ({ default: module.TrendChart })))

const START_LABELS: Record<InstrumentCode, string> = {
  phq9: 'Start the mood check-in',
  gad7: 'Start the anxiety check-in',
}

export function CheckInsPage() {
  const trend = useTrend()

  return (
    <>
      <PageTitle>Check-ins</PageTitle>
      <Text mb="lg">
        Short questionnaires that help you and your care team follow how you feel between visits. Your answers go to
        your care team.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mb="xl">
        {(['phq9', 'gad7'] as const).map((code) => (
          <Card key={code} withBorder padding="lg">
            <Title order={2} size="h3" mb="xs">
              {INSTRUMENT_TITLES[code].title}
            </Title>
            <Text mb="md" style={{ flexGrow: 1 }}>
              {INSTRUMENT_TITLES[code].about}
            </Text>
            <Button component={Link} to={generatePath(paths.checkIn, { instrument: code })} variant="light">
              {START_LABELS[code]}
            </Button>
          </Card>
        ))}
      </SimpleGrid>

      <Title order={2} size="h3" mb="md">
        Your scores over time
      </Title>
      <QueryState query={trend} loading="Loading your scores…" failed="We couldn’t load your scores" />
      {trend.data && (
        <Stack gap="xl">
          {trend.data.instruments.map((instrumentTrend) => (
            <InstrumentHistory
              key={instrumentTrend.instrument}
              trend={instrumentTrend}
              sessions={trend.data.sessions.map((session) => session.start)}
            />
          ))}
        </Stack>
      )}
    </>
  )
}

function historyTitle(trend: InstrumentTrend): string {
  return isInstrumentCode(trend.instrument) ? INSTRUMENT_TITLES[trend.instrument].title : trend.name
}

function InstrumentHistory({ trend, sessions }: { trend: InstrumentTrend; sessions: string[] }) {
  const headingId = `history-${trend.instrument}`
  return (
    <section aria-labelledby={headingId}>
      <Title order={3} size="h4" id={headingId} mb="sm">
        {historyTitle(trend)}
      </Title>
      {trend.points.length === 0 ? (
        <Text c="dimmed">No {trend.name} check-ins yet. Your scores will show here as a chart and a table.</Text>
      ) : (
        <Stack gap="md">
          <Suspense fallback={<LoadingState label="Drawing the chart…" />}>
            <TrendChart trend={trend} sessions={sessions} summary={chartSummary(trend)} />
          </Suspense>
          {sessions.length > 0 && <Text size="sm">Dashed lines mark your treatment sessions.</Text>}
          <ScoreTable trend={trend} />
        </Stack>
      )}
    </section>
  )
}

function ScoreTable({ trend }: { trend: InstrumentTrend }) {
  const newestFirst = [...trend.points].reverse()
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table striped captionSide="top">
        <Table.Caption>Your {trend.name} scores, newest first</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Date</Table.Th>
            <Table.Th scope="col">Score (out of {trend.max_score})</Table.Th>
            <Table.Th scope="col">Range</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.map((point) => (
            <Table.Tr key={point.taken_at}>
              <Table.Td>{formatIsoDate(point.taken_at)}</Table.Td>
              <Table.Td>{point.total_score}</Table.Td>
              <Table.Td>{bandFor(trend.bands, point.total_score)?.label ?? point.severity}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
