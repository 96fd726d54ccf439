import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { paths, SIGNED_OUT_PARAM, withNext } from '../../app/paths'
import { useAuth } from '../../auth/authContext'
import { fieldErrors, generalError } from '../../auth/allauthErrors'
import { pathForPendingFlow } from '../../auth/flows'
import { useNavigateAfterAuthUpdate } from '../../auth/useNavigateAfterAuthUpdate'
import { AuthCard } from '../../components/AuthCard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PasswordField } from '../../components/PasswordField'
import { login, type AuthResponse } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { checkEmail, checkFilled } from '../../lib/validation'

const FIELDS = ['email', 'password'] as const

export function LoginPage() {
  const { config } = useAuth()
  const { redirect, navigateAfterAuthUpdate } = useNavigateAfterAuthUpdate()
  const [searchParams] = useSearchParams()
  const next = searchParams.get('next')
  const [problem, setProblem] = useState<string | null>(null)

  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: { email: checkEmail, password: checkFilled('Enter your password.') },
  })

  const signIn = useMutation({
    mutationFn: login,
    onMutate: () => setProblem(null),
    onSuccess: (response: AuthResponse) => {
      // A 200 needs nothing here: the page's AnonymousOnly guard continues to `next` once signed in.
      if (response.status === 401) {
        const path = pathForPendingFlow(response)
        if (path) {
          navigateAfterAuthUpdate(response, next ? withNext(path, next) : path)
        } else {
          setProblem('We couldn’t finish signing you in. Please try again.')
        }
        return
      }
      form.setErrors(fieldErrors(response, FIELDS))
      setProblem(generalError(response, FIELDS))
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  if (redirect) {
    return redirect
  }

  return (
    <AuthCard title="Sign in">
      <form
        noValidate
        onSubmit={form.onSubmit(({ email, password }) => signIn.mutate({ email: email.trim(), password }))}
      >
        <Stack>
          {searchParams.has(SIGNED_OUT_PARAM) && (
            <Alert variant="light" role="status" title="You’ve signed out">
              You can close this window, or sign in again below.
            </Alert>
          )}
          <TextInput
            label="E-mail address"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <PasswordField
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <ErrorAlert message={problem} />
          <Button type="submit" loading={signIn.isPending} fullWidth>
            Sign in
          </Button>
          <Anchor component={Link} to={paths.requestPasswordReset}>
            Forgot your password?
          </Anchor>
          {config.account.is_open_for_signup !== false && (
            <Text size="sm">
              New to Evergreen?{' '}
              <Anchor component={Link} to={next ? withNext(paths.signup, next) : paths.signup}>
                Create an account
              </Anchor>
            </Text>
          )}
        </Stack>
      </form>
    </AuthCard>
  )
}
