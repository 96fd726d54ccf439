import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { useAuth } from '../../auth/authContext'
import { fieldErrors, generalError } from '../../auth/allauthErrors'
import { pathForPendingFlow } from '../../auth/flows'
import { useNavigateAfterAuthUpdate } from '../../auth/useNavigateAfterAuthUpdate'
import { AuthCard } from '../../components/AuthCard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PasswordField } from '../../components/PasswordField'
import { signUp, type AuthResponse } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { checkEmail, checkSamePassword, NEW_PASSWORD_HINT } from '../../lib/validation'

const FIELDS = ['email', 'password'] as const

function messageForRefusal(response: AuthResponse): string | null {
  if (response.status === 403) {
    return 'New accounts can’t be created online right now. Please contact your clinic.'
  }
  if (response.status === 409) {
    return 'You’re already signed in. Sign out first to create a different account.'
  }
  return generalError(response, FIELDS)
}

export function SignupPage() {
  const { config } = useAuth()
  const { redirect, navigateAfterAuthUpdate } = useNavigateAfterAuthUpdate()
  const [problem, setProblem] = useState<string | null>(null)

  const form = useForm({
    initialValues: { email: '', password: '', passwordAgain: '' },
    validate: {
      email: checkEmail,
      password: (value) => (value ? null : 'Choose a password.'),
      passwordAgain: checkSamePassword,
    },
  })

  const createAccount = useMutation({
    mutationFn: signUp,
    onMutate: () => setProblem(null),
    onSuccess: (response: AuthResponse) => {
      if (response.status === 401) {
        navigateAfterAuthUpdate(response, pathForPendingFlow(response) ?? paths.checkEmail)
        return
      }
      form.setErrors(fieldErrors(response, FIELDS))
      setProblem(messageForRefusal(response))
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  if (redirect) {
    return redirect
  }

  if (config.account.is_open_for_signup === false) {
    return (
      <AuthCard title="Create an account">
        <Text>New accounts can’t be created online right now. Please contact your clinic for help.</Text>
      </AuthCard>
    )
  }

  return (
    <AuthCard title="Create an account">
      <form
        noValidate
        onSubmit={form.onSubmit(({ email, password }) => createAccount.mutate({ email: email.trim(), password }))}
      >
        <Stack>
          <TextInput
            label="E-mail address"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <PasswordField
            label="Password"
            description={NEW_PASSWORD_HINT}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordField
            label="Type the password again"
            autoComplete="new-password"
            required
            {...form.getInputProps('passwordAgain')}
          />
          <ErrorAlert message={problem} />
          <Button type="submit" loading={createAccount.isPending} fullWidth>
            Create account
          </Button>
          <Text size="sm">
            Already have an account?{' '}
            <Anchor component={Link} to={paths.login}>
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  )
}
