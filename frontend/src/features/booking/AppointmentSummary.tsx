import { Table, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { DetailRow } from '../../components/DetailRow'
import { timeInBothZones } from './bookingTerms'

interface AppointmentSummaryProps {
  serviceName: string
  /** UTC instant */
  start: string
  clinicName: string
  clinicTimeZone: string
  ownTimeZone: string
  provider: string
  where: string
  /** More rows after the usual ones (duration, price, status…). */
  children?: ReactNode
}

/** The facts of one appointment (booked or about to be), its time on the clinic's clock and the patient's. */
export function AppointmentSummary({
  serviceName,
  start,
  clinicName,
  clinicTimeZone,
  ownTimeZone,
  provider,
  where,
  children,
}: AppointmentSummaryProps) {
  const when = timeInBothZones(start, clinicTimeZone, ownTimeZone)
  return (
    <Table variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        <DetailRow label="What" labelWidth={110}>
          {serviceName}
        </DetailRow>
        <DetailRow label="When" labelWidth={110}>
          <Text inherit>{when.clinic} (clinic time)</Text>
          {when.own && (
            <Text inherit c="dimmed">
              {when.own} (your time)
            </Text>
          )}
        </DetailRow>
        <DetailRow label="Where" labelWidth={110}>
          {where} · {clinicName}
        </DetailRow>
        <DetailRow label="With" labelWidth={110}>
          {provider}
        </DetailRow>
        {children}
      </Table.Tbody>
    </Table>
  )
}
