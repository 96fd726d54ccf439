import { Box } from '@mantine/core'
import type { ReactNode } from 'react'

interface ScrollRegionProps {
  label: string
  minWidth: number
  withBorder?: boolean
  children: ReactNode
}

/**
 * Wide content that scrolls sideways on a phone. The region is focusable and named, so keyboard users
 * can scroll it too (an unfocusable scrolling box strands them).
 */
export function ScrollRegion({ label, minWidth, withBorder = false, children }: ScrollRegionProps) {
  return (
    <Box
      role="region"
      aria-label={label}
      tabIndex={0}
      style={{
        overflowX: 'auto',
        ...(withBorder ? { border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 } : {}),
      }}
    >
      <Box miw={minWidth}>{children}</Box>
    </Box>
  )
}
