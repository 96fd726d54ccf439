import { Table } from '@mantine/core'
import type { ReactNode } from 'react'

/** One labelled fact in a vertical details table. */
export function DetailRow({
  label,
  children,
  labelWidth = 150,
}: {
  label: string
  children: ReactNode
  labelWidth?: number
}) {
  return (
    <Table.Tr>
      <Table.Th w={labelWidth}>{label}</Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  )
}
