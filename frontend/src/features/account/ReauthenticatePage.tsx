import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { safeNextPath } from '../../app/paths'
import { useAuth } from '../../auth/authContext'
import { useFollowNext } from '../../auth/useFollowNext'
import { fieldErrors, generalError } from '../../auth/allauthErrors'
import { AuthCard } from '../../components/AuthCard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PasswordField } from '../../components/PasswordField'
import { mfaReauthenticate, reauthenticate, type AuthResponse } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { portalQueryKeys } from '../../lib/portalApi'
import { checkFilled } from '../../lib/validation'

const FIELDS = ['password', 'code'] as const

export function ReauthenticatePage() {
  const { auth } = useAuth()
  const followNext = useFollowNext()
  const queryClient = useQueryClient()
  const [searchParams] = useSearchParams()
  // `?method=code` comes from the staff prompt: their session must be confirmed with the second factor.
  const askedForCode = searchParams.get('method') === 'code'
  const [usingCode, setUsingCode] = useState(askedForCode)
  const [problem, setProblem] = useState<string | null>(null)
  const offersCode = askedForCode || (auth.data?.flows?.some((flow) => flow.id === 'mfa_reauthenticate') ?? false)

  // One field holds either the password or the code, whichever method is showing.
  const form = useForm({
    initialValues: { secret: '' },
    validate: { secret: checkFilled('Fill in this field to continue.') },
  })

  const confirm = useMutation({
    mutationFn: (secret: string) =>
      usingCode ? mfaReauthenticate(secret.replace(/\s+/g, '')) : reauthenticate(secret),
    onMutate: () => setProblem(null),
    onSuccess: (response: AuthResponse) => {
      if (response.status === 200) {
        // Whether this session passed the second factor is part of /me: the console reads it again.
        void queryClient.invalidateQueries({ queryKey: portalQueryKeys.me })
        followNext(safeNextPath(searchParams.get('next')))
        return
      }
      const errors = fieldErrors(response, FIELDS)
      form.setErrors({ secret: errors.password ?? errors.code })
      setProblem(generalError(response, FIELDS))
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  function switchMethod() {
    setUsingCode((current) => !current)
    form.reset()
    setProblem(null)
  }

  return (
    <AuthCard title="Confirm it’s you">
      <form noValidate onSubmit={form.onSubmit(({ secret }) => confirm.mutate(secret))}>
        <Stack>
          <Text>
            {askedForCode
              ? 'Patient information opens once this session is confirmed with a code from your authenticator app.'
              : 'To keep your account safe, please confirm your identity before making this change.'}
          </Text>
          {usingCode ? (
            <TextInput
              label="Code from your authenticator app"
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              {...form.getInputProps('secret')}
            />
          ) : (
            <PasswordField
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps('secret')}
            />
          )}
          <ErrorAlert message={problem} />
          <Button type="submit" loading={confirm.isPending} fullWidth>
            Confirm
          </Button>
          {offersCode && (
            <Anchor component="button" type="button" onClick={switchMethod} ta="left">
              {usingCode ? 'Use your password instead' : 'Use a code from your authenticator app instead'}
            </Anchor>
          )}
        </Stack>
      </form>
    </AuthCard>
  )
}
