import { Box, Paper } from '@mantine/core'
import type { ReactNode } from 'react'
import { PageTitle } from './PageTitle'

/** The narrow, centred card used by the sign-in and account screens. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box maw={460} mx="auto">
      <PageTitle>{title}</PageTitle>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        {children}
      </Paper>
    </Box>
  )
}
