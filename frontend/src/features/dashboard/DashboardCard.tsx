import { Card, Stack, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/** A dashboard section: a titled card that loads, fails and stays empty on its own. */
export function DashboardCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="sm">
        {title}
      </Title>
      <Stack gap="sm" align="flex-start" style={{ flexGrow: 1 }}>
        {children}
      </Stack>
    </Card>
  )
}
