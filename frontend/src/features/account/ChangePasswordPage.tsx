import { Button, Group, Stack, Text } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { useAuth } from '../../auth/authContext'
import { fieldErrors, generalError } from '../../auth/allauthErrors'
import { AuthCard } from '../../components/AuthCard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PasswordField } from '../../components/PasswordField'
import { changePassword, type AllauthResponse } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { checkSamePassword, NEW_PASSWORD_HINT } from '../../lib/validation'

const FIELDS = ['current_password', 'new_password'] as const

export function ChangePasswordPage() {
  const { auth } = useAuth()
  const hasPassword = auth.data?.user?.has_usable_password ?? true
  const [problem, setProblem] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)

  const form = useForm({
    initialValues: { current_password: '', password: '', passwordAgain: '' },
    validate: {
      current_password: (value) => (!hasPassword || value ? null : 'Enter your current password.'),
      password: (value) => (value ? null : 'Choose a new password.'),
      passwordAgain: checkSamePassword,
    },
  })

  const save = useMutation({
    mutationFn: (values: typeof form.values) => changePassword(values.current_password, values.password),
    onMutate: () => {
      setProblem(null)
      setSaved(false)
    },
    onSuccess: (response: AllauthResponse) => {
      if (response.status === 200) {
        setSaved(true)
        form.reset()
        return
      }
      const errors = fieldErrors(response, FIELDS)
      form.setErrors({ current_password: errors.current_password, password: errors.new_password })
      setProblem(generalError(response, FIELDS))
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  return (
    <AuthCard title={hasPassword ? 'Change your password' : 'Set a password'}>
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          {hasPassword && (
            <PasswordField
              label="Current password"
              autoComplete="current-password"
              required
              {...form.getInputProps('current_password')}
            />
          )}
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
          {saved && (
            <Text role="status">
              Your new password is saved. Other devices signed in to your account may need it now.
            </Text>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save new password
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthCard>
  )
}
