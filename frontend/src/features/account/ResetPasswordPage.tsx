import { Anchor, Button, Stack, Text } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { fieldErrors, generalError } from '../../auth/allauthErrors'
import { pathForPendingFlow } from '../../auth/flows'
import { useNavigateAfterAuthUpdate } from '../../auth/useNavigateAfterAuthUpdate'
import { AuthCard } from '../../components/AuthCard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PasswordField } from '../../components/PasswordField'
import { LoadingState } from '../../components/LoadingState'
import { getPasswordReset, resetPassword, type AuthResponse } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { checkSamePassword, NEW_PASSWORD_HINT } from '../../lib/validation'

const FIELDS = ['password'] as const
const EXPIRED_LINK_MESSAGE = 'This reset link has expired or has already been used. Please ask for a new one.'

export function ResetPasswordPage() {
  const { key = '' } = useParams()
  const { redirect, navigateAfterAuthUpdate } = useNavigateAfterAuthUpdate()
  const [problem, setProblem] = useState<string | null>(null)
  const [changedButSignedOut, setChangedButSignedOut] = useState(false)

  const keyCheck = useQuery({
    queryKey: ['account', 'password-reset', key],
    queryFn: () => getPasswordReset(key),
    staleTime: Infinity,
  })

  const form = useForm({
    initialValues: { password: '', passwordAgain: '' },
    validate: {
      password: (value) => (value ? null : 'Choose a new password.'),
      passwordAgain: checkSamePassword,
    },
  })

  const save = useMutation({
    mutationFn: (password: string) => resetPassword(key, password),
    onMutate: () => setProblem(null),
    onSuccess: (response: AuthResponse) => {
      if (response.status === 200) {
        notifications.show({ title: 'Password changed', message: 'Your new password is saved and you’re signed in.' })
        navigateAfterAuthUpdate(response, paths.home)
        return
      }
      if (response.status === 401) {
        const pendingPath = pathForPendingFlow(response)
        if (pendingPath) {
          navigateAfterAuthUpdate(response, pendingPath)
        } else {
          setChangedButSignedOut(true)
        }
        return
      }
      const keyRejected = response.errors?.some((error) => error.param === 'key')
      form.setErrors(fieldErrors(response, FIELDS))
      setProblem(keyRejected ? EXPIRED_LINK_MESSAGE : generalError(response, [...FIELDS, 'key']))
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  if (redirect) {
    return redirect
  }

  if (changedButSignedOut) {
    return (
      <AuthCard title="Password changed">
        <Stack>
          <Text role="status">Your new password is saved. Please sign in with it.</Text>
          <Button component={Link} to={paths.login}>
            Sign in
          </Button>
        </Stack>
      </AuthCard>
    )
  }

  if (keyCheck.isPending) {
    return (
      <AuthCard title="Choose a new password">
        <LoadingState label="Checking your link…" />
      </AuthCard>
    )
  }

  if (keyCheck.isError || keyCheck.data.status !== 200) {
    return (
      <AuthCard title="Choose a new password">
        <Stack>
          <ErrorAlert
            message={keyCheck.isError ? errorMessage(keyCheck.error) : EXPIRED_LINK_MESSAGE}
            onRetry={keyCheck.isError ? () => void keyCheck.refetch() : undefined}
          />
          <Anchor component={Link} to={paths.requestPasswordReset}>
            Send me a new link
          </Anchor>
        </Stack>
      </AuthCard>
    )
  }

  return (
    <AuthCard title="Choose a new password">
      <form noValidate onSubmit={form.onSubmit(({ password }) => save.mutate(password))}>
        <Stack>
          <PasswordField
            label="New password"
            description={NEW_PASSWORD_HINT}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordField
            label="Type the new password again"
            autoComplete="new-password"
            required
            {...form.getInputProps('passwordAgain')}
          />
          <ErrorAlert message={problem} />
          <Button type="submit" loading={save.isPending} fullWidth>
            Save new password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  )
}
