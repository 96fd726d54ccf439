import { Alert, Button, Stack, Text } from '@mantine/core'
import { useLocation } from 'react-router'
import { paths, withNext } from '../../../app/paths'
import { ApiErrorAlert } from '../../../components/ErrorAlert'
import { ApiError } from '../../../lib/http'

interface ConsoleErrorAlertProps {
  error: unknown
  title?: string
  onRetry?: () => void
}

/**
 * An API error in the console. A session the server ended (idle for too long) offers a fresh sign-in
 * by reloading the page, so nothing the last person saw stays in memory.
 */
export function ConsoleErrorAlert({ error, title, onRetry }: ConsoleErrorAlertProps) {
  const location = useLocation()
  if (error instanceof ApiError && error.status === 401) {
    const next = location.pathname + location.search
    return (
      <Alert color="red" variant="light" title="You’re signed out">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{error.message}</Text>
          <Button size="xs" onClick={() => window.location.assign(withNext(paths.login, next))}>
            Sign in again
          </Button>
        </Stack>
      </Alert>
    )
  }
  return <ApiErrorAlert error={error} title={title} onRetry={onRetry} />
}
