import { Anchor, Button, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery } from '@tanstack/react-query'
import { Link, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { generalError } from '../../auth/allauthErrors'
import { pathForPendingFlow } from '../../auth/flows'
import { useNavigateAfterAuthUpdate } from '../../auth/useNavigateAfterAuthUpdate'
import { AuthCard } from '../../components/AuthCard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { getEmailVerification, verifyEmail, type AuthResponse } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'

const EXPIRED_LINK_MESSAGE =
  'This confirmation link has expired or has already been used. Sign in and we’ll help you get a new one.'

function confirmationProblem(response: AuthResponse | undefined): string | null {
  if (response?.status === 400 || response?.status === 409) {
    return EXPIRED_LINK_MESSAGE
  }
  return generalError(response)
}

export function VerifyEmailPage() {
  const { key = '' } = useParams()
  const { redirect, navigateAfterAuthUpdate } = useNavigateAfterAuthUpdate()
  const verification = useQuery({
    queryKey: ['account', 'email-verification', key],
    queryFn: () => getEmailVerification(key),
    staleTime: Infinity,
  })

  const confirm = useMutation({
    mutationFn: () => verifyEmail(key),
    onSuccess: (response: AuthResponse) => {
      if (response.status === 200) {
        notifications.show({ title: 'E-mail address confirmed', message: 'Thank you. Your address is confirmed.' })
        navigateAfterAuthUpdate(response, paths.home)
        return
      }
      const pendingPath = response.status === 401 ? pathForPendingFlow(response) : null
      if (pendingPath) {
        navigateAfterAuthUpdate(response, pendingPath)
      }
    },
  })

  if (redirect) {
    return redirect
  }

  if (verification.isPending) {
    return (
      <AuthCard title="Confirm your e-mail address">
        <LoadingState label="Checking your link…" />
      </AuthCard>
    )
  }

  if (verification.isError || verification.data.status !== 200) {
    const message = verification.isError ? errorMessage(verification.error) : EXPIRED_LINK_MESSAGE
    return (
      <AuthCard title="Confirm your e-mail address">
        <Stack>
          <ErrorAlert
            message={message}
            onRetry={verification.isError ? () => void verification.refetch() : undefined}
          />
          <Anchor component={Link} to={paths.login}>
            Go to sign in
          </Anchor>
        </Stack>
      </AuthCard>
    )
  }

  // A 401 after confirming means the address is confirmed but this browser isn't signed in.
  if (confirm.data?.status === 401 && !pathForPendingFlow(confirm.data)) {
    return (
      <AuthCard title="E-mail address confirmed">
        <Stack>
          <Text role="status">Thank you. Your e-mail address is confirmed. You can now sign in.</Text>
          <Button component={Link} to={paths.login}>
            Sign in
          </Button>
        </Stack>
      </AuthCard>
    )
  }

  const problem = confirm.error ? errorMessage(confirm.error) : confirmationProblem(confirm.data)

  return (
    <AuthCard title="Confirm your e-mail address">
      <Stack>
        <Text>
          Please confirm that <strong>{verification.data.data?.email}</strong> is your e-mail address.
        </Text>
        <ErrorAlert message={problem} />
        <Button onClick={() => confirm.mutate()} loading={confirm.isPending}>
          Confirm e-mail address
        </Button>
      </Stack>
    </AuthCard>
  )
}
