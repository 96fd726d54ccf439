import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { fieldErrors, generalError } from '../../auth/allauthErrors'
import { AuthCard } from '../../components/AuthCard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { requestPasswordReset, type AllauthResponse } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { checkEmail } from '../../lib/validation'

const FIELDS = ['email'] as const

export function RequestPasswordResetPage() {
  const [sentTo, setSentTo] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const form = useForm({ initialValues: { email: '' }, validate: { email: checkEmail } })

  const sendLink = useMutation({
    mutationFn: requestPasswordReset,
    onMutate: () => setProblem(null),
    onSuccess: (response: AllauthResponse, email) => {
      if (response.status === 200) {
        setSentTo(email)
        return
      }
      form.setErrors(fieldErrors(response, FIELDS))
      setProblem(generalError(response, FIELDS))
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  if (sentTo) {
    return (
      <AuthCard title="Check your e-mail">
        <Stack>
          <Text role="status">
            If there is an account for <strong>{sentTo}</strong>, we’ve sent it a link to choose a new password. It can
            take a few minutes to arrive; please also look in your spam or junk folder.
          </Text>
          <Anchor component={Link} to={paths.login}>
            Back to sign in
          </Anchor>
        </Stack>
      </AuthCard>
    )
  }

  return (
    <AuthCard title="Reset your password">
      <form noValidate onSubmit={form.onSubmit(({ email }) => sendLink.mutate(email.trim()))}>
        <Stack>
          <Text>Enter the e-mail address you use for Evergreen. We’ll send you a link to choose a new password.</Text>
          <TextInput
            label="E-mail address"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <ErrorAlert message={problem} />
          <Button type="submit" loading={sendLink.isPending} fullWidth>
            Send reset link
          </Button>
          <Anchor component={Link} to={paths.login}>
            Back to sign in
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  )
}
