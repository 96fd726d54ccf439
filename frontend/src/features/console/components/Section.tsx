import { Paper, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/** A titled block of the patient page; its heading labels it for screen readers' landmark lists. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={`${id}-heading`}>
      <Title order={2} size="h4" id={`${id}-heading`} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  )
}
