import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { Navigate, useSearchParams } from 'react-router'
import { paths, withNext } from '../../app/paths'
import { useAuth } from '../../auth/authContext'
import { fieldErrors, generalError } from '../../auth/allauthErrors'
import { AuthCard } from '../../components/AuthCard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { mfaAuthenticate, type AuthResponse } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { checkFilled } from '../../lib/validation'

const FIELDS = ['code'] as const

export function MfaAuthenticatePage() {
  const { pendingFlow } = useAuth()
  const [searchParams] = useSearchParams()
  const next = searchParams.get('next')
  const [usingRecoveryCode, setUsingRecoveryCode] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const form = useForm({
    initialValues: { code: '' },
    validate: { code: checkFilled('Enter the code.') },
  })

  const verify = useMutation({
    mutationFn: (code: string) => mfaAuthenticate(code.replace(/\s+/g, '')),
    onMutate: () => setProblem(null),
    onSuccess: (response: AuthResponse) => {
      // A 200 needs nothing here: the AnonymousOnly guard continues to `next` once signed in.
      if (response.status === 401) {
        // The pending sign-in has expired; the guard below returns to the login page.
        notifications.show({ title: 'Please sign in again', message: 'Your sign-in took too long and has expired.' })
        return
      }
      form.setErrors(fieldErrors(response, FIELDS))
      setProblem(generalError(response, FIELDS))
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  if (pendingFlow?.id !== 'mfa_authenticate') {
    return <Navigate to={next ? withNext(paths.login, next) : paths.login} replace />
  }

  const offersRecoveryCodes = pendingFlow?.types?.includes('recovery_codes') ?? true

  function switchMethod() {
    setUsingRecoveryCode((current) => !current)
    form.reset()
    setProblem(null)
  }

  return (
    <AuthCard title="Enter your verification code">
      <form noValidate onSubmit={form.onSubmit(({ code }) => verify.mutate(code))}>
        <Stack>
          <Text>
            {usingRecoveryCode
              ? 'Enter one of the recovery codes you saved when you set up two-factor authentication. Each code works once.'
              : 'Open the authenticator app on your phone and enter the 6-digit code it shows for Evergreen Ketamine Care.'}
          </Text>
          <TextInput
            key={usingRecoveryCode ? 'recovery-code' : 'app-code'}
            label={usingRecoveryCode ? 'Recovery code' : '6-digit code'}
            autoComplete="one-time-code"
            inputMode={usingRecoveryCode ? 'text' : 'numeric'}
            autoCapitalize="off"
            spellCheck={false}
            required
            {...form.getInputProps('code')}
          />
          <ErrorAlert message={problem} />
          <Button type="submit" loading={verify.isPending} fullWidth>
            Verify and sign in
          </Button>
          {offersRecoveryCodes && (
            <Anchor component="button" type="button" onClick={switchMethod} ta="left">
              {usingRecoveryCode ? 'Use a code from your authenticator app instead' : 'Use a recovery code instead'}
            </Anchor>
          )}
        </Stack>
      </form>
    </AuthCard>
  )
}
