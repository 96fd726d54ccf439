import { Alert, Button, Stack, Text } from '@mantine/core'
import { ApiError, errorMessage } from '../lib/http'
import { MfaRequiredPrompt } from './MfaRequiredPrompt'

interface ErrorAlertProps {
  message: string | null | undefined
  title?: string
  onRetry?: () => void
}

/** A problem explained in plain words, placed next to what caused it. */
export function ErrorAlert({ message, title, onRetry }: ErrorAlertProps) {
  if (!message) {
    return null
  }
  return (
    <Alert color="red" variant="light" title={title}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {onRetry && (
          <Button variant="default" size="xs" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  )
}

interface ApiErrorAlertProps {
  error: unknown
  title?: string
  onRetry?: () => void
}

/** Shows an error from the portal API; a staff account without two-factor gets the setup prompt instead. */
export function ApiErrorAlert({ error, title, onRetry }: ApiErrorAlertProps) {
  if (error instanceof ApiError && error.code === 'mfa_required') {
    return <MfaRequiredPrompt />
  }
  return <ErrorAlert title={title} message={errorMessage(error)} onRetry={onRetry} />
}
