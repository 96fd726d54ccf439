import { Alert, Button, Stack, Text } from '@mantine/core'
import { useLocation } from 'react-router'
import { paths, withNext } from '../app/paths'
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

/**
 * Shows an error from the portal API, in place of what failed to load or save:
 * - `mfa_required`: a staff account without two-factor (or an unconfirmed session) gets the setup prompt;
 * - a 401 (the server ended the session, e.g. after inactivity): "You’re signed out" with "Sign in again";
 * - anything else: the error's message under `title`, with "Try again" when `onRetry` is given.
 */
export function ApiErrorAlert({ error, title, onRetry }: ApiErrorAlertProps) {
  if (error instanceof ApiError && error.code === 'mfa_required') {
    return <MfaRequiredPrompt />
  }
  if (error instanceof ApiError && error.status === 401) {
    return <SignedOutAlert message={error.message} />
  }
  return <ErrorAlert title={title} message={errorMessage(error)} onRetry={onRetry} />
}

/**
 * A session the server ended offers a fresh sign-in that comes back here. It reloads the page (not a
 * client-side navigation), so nothing the last person saw stays in memory.
 */
function SignedOutAlert({ message }: { message: string }) {
  const location = useLocation()
  const next = location.pathname + location.search
  return (
    <Alert color="red" variant="light" title="You’re signed out">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        <Button size="xs" onClick={() => window.location.assign(withNext(paths.login, next))}>
          Sign in again
        </Button>
      </Stack>
    </Alert>
  )
}
