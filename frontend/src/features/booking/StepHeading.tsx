import { Text, Title } from '@mantine/core'
import { useEffect, useRef } from 'react'

/**
 * "Step 2 of 4" and the step's name. Focus moves to it when the step appears, so a screen reader
 * announces the new step and the keyboard starts from its top.
 */
export function StepHeading({ step, of, children }: { step: number; of: number; children: string }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    heading.current?.focus()
  }, [step])
  return (
    <div>
      <Text size="sm" c="dimmed">
        Step {step} of {of}
      </Text>
      <Title order={2} size="h3" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
        {children}
      </Title>
    </div>
  )
}
