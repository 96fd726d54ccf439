import { Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { useId, useState, type ReactNode } from 'react'
import { ScrollRegion } from '../components/ScrollRegion'

export interface ReportColumn<Row> {
  header: string
  cell: (row: Row) => ReactNode
}

interface ReportChartProps<Row> {
  title: string
  /** What the chart shows and how to read it; also the table's caption. */
  caption: string
  chart: ReactNode
  rows: Row[]
  rowKey: (row: Row) => string
  columns: ReportColumn<Row>[]
}

/**
 * A chart with the same numbers as a table. Screen readers always get the table (visually hidden
 * until someone asks to see it); sighted people can switch the chart for the table.
 */
export function ReportChart<Row>({ title, caption, chart, rows, rowKey, columns }: ReportChartProps<Row>) {
  const headingId = useId()
  const [showTable, setShowTable] = useState(false)
  const table = (
    <Table striped>
      <caption style={{ captionSide: 'top', textAlign: 'left', fontSize: 'var(--mantine-font-size-sm)' }}>
        {title}: {caption}
      </caption>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => (
            <Table.Th key={column.header} scope="col">
              {column.header}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)}>
            {columns.map((column, index) =>
              index === 0 ? (
                <Table.Th key={column.header} scope="row" fw="normal">
                  {column.cell(row)}
                </Table.Th>
              ) : (
                <Table.Td key={column.header}>{column.cell(row)}</Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="baseline" wrap="wrap" gap="xs">
          <Title order={3} size="h5" id={headingId}>
            {title}
          </Title>
          <Button variant="subtle" size="compact-sm" onClick={() => setShowTable((shown) => !shown)}>
            {showTable ? 'Show chart' : 'Show table'}
          </Button>
        </Group>
        {showTable ? (
          <ScrollRegion label={`Table: ${title}`} minWidth={columns.length * 110}>
            {table}
          </ScrollRegion>
        ) : (
          <>
            {/* The chart and its caption repeat the table, which screen readers read instead. */}
            <div aria-hidden>{chart}</div>
            <Text size="xs" aria-hidden>
              {caption}
            </Text>
            <VisuallyHidden>{table}</VisuallyHidden>
          </>
        )}
      </Stack>
    </Paper>
  )
}
