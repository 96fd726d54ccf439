import { Badge, Box, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { fieldErrors, generalError } from '../../auth/allauthErrors'
import { needsReauthentication } from '../../auth/flows'
import { useGoToReauthentication } from '../../auth/useReauthentication'
import { ErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { PageTitle } from '../../components/PageTitle'
import {
  addEmailAddress,
  getEmailAddresses,
  makeEmailPrimary,
  removeEmailAddress,
  resendEmailVerification,
  type AllauthResponse,
  type EmailAddress,
} from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { checkEmail } from '../../lib/validation'

const emailAddressesKey = ['account', 'email-addresses'] as const
const FIELDS = ['email'] as const

async function fetchEmailAddresses(): Promise<EmailAddress[]> {
  const response = await getEmailAddresses()
  return response.data ?? []
}

export function ChangeEmailPage() {
  const addresses = useQuery({ queryKey: emailAddressesKey, queryFn: fetchEmailAddresses })

  return (
    <Box maw={640}>
      <PageTitle>E-mail address</PageTitle>
      <Stack gap="lg">
        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          <Title order={2} size="h3" mb="sm">
            Your addresses
          </Title>
          {addresses.isPending && <LoadingState label="Loading your e-mail addresses…" />}
          {addresses.isError && (
            <ErrorAlert message={errorMessage(addresses.error)} onRetry={() => void addresses.refetch()} />
          )}
          {addresses.data && <EmailAddressList addresses={addresses.data} />}
        </Paper>
        <NewEmailForm />
      </Stack>
    </Box>
  )
}

function EmailAddressList({ addresses }: { addresses: EmailAddress[] }) {
  if (addresses.length === 0) {
    return <Text>There is no e-mail address on your account yet. Add one below.</Text>
  }
  return (
    <Stack component="ul" gap="md" p={0} style={{ listStyle: 'none' }}>
      {addresses.map((address) => (
        <EmailAddressItem key={address.email} address={address} />
      ))}
    </Stack>
  )
}

type EmailAction = 'resend' | 'makePrimary' | 'remove'

const emailActions: Record<EmailAction, (email: string) => Promise<AllauthResponse>> = {
  resend: resendEmailVerification,
  makePrimary: makeEmailPrimary,
  remove: removeEmailAddress,
}

function EmailAddressItem({ address }: { address: EmailAddress }) {
  const queryClient = useQueryClient()
  const goToReauthentication = useGoToReauthentication()
  const [confirmation, setConfirmation] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const act = useMutation({
    mutationFn: (action: EmailAction) => emailActions[action](address.email),
    onMutate: () => {
      setConfirmation(null)
      setProblem(null)
    },
    onSuccess: (response, action) => {
      if (needsReauthentication(response)) {
        goToReauthentication()
        return
      }
      if (response.status !== 200) {
        setProblem(generalError(response))
        return
      }
      if (action === 'resend') {
        setConfirmation(`We’ve sent a new confirmation link to ${address.email}.`)
      }
      void queryClient.invalidateQueries({ queryKey: emailAddressesKey })
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  const actionButton = (action: EmailAction, label: string) => (
    <Button
      size="xs"
      variant="default"
      loading={act.isPending && act.variables === action}
      disabled={act.isPending && act.variables !== action}
      onClick={() => act.mutate(action)}
    >
      {label}
    </Button>
  )

  return (
    <li>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {address.email}
          </Text>
          {address.primary && <Badge variant="light">Main address</Badge>}
          {address.verified ? (
            <Badge variant="light" color="gray">
              Confirmed
            </Badge>
          ) : (
            <Badge variant="light" color="red">
              Not confirmed yet
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          {!address.verified && actionButton('resend', 'Resend confirmation e-mail')}
          {address.verified && !address.primary && actionButton('makePrimary', 'Make this my main address')}
          {!address.primary && actionButton('remove', 'Remove')}
        </Group>
        {confirmation && (
          <Text size="sm" role="status">
            {confirmation}
          </Text>
        )}
        <ErrorAlert message={problem} />
      </Stack>
    </li>
  )
}

function NewEmailForm() {
  const queryClient = useQueryClient()
  const goToReauthentication = useGoToReauthentication()
  const [problem, setProblem] = useState<string | null>(null)
  const [sentTo, setSentTo] = useState<string | null>(null)
  const form = useForm({ initialValues: { email: '' }, validate: { email: checkEmail } })

  const add = useMutation({
    mutationFn: addEmailAddress,
    onMutate: () => {
      setProblem(null)
      setSentTo(null)
    },
    onSuccess: (response, email) => {
      if (needsReauthentication(response)) {
        goToReauthentication()
        return
      }
      if (response.status === 200) {
        setSentTo(email)
        form.reset()
        queryClient.setQueryData(emailAddressesKey, response.data ?? [])
        return
      }
      form.setErrors(fieldErrors(response, FIELDS))
      setProblem(generalError(response, FIELDS))
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <Title order={2} size="h3" mb="sm">
        Change your e-mail address
      </Title>
      <form noValidate onSubmit={form.onSubmit(({ email }) => add.mutate(email.trim()))}>
        <Stack>
          <Text size="sm">
            We’ll send a confirmation link to the new address. The change takes effect once you open that link.
          </Text>
          <TextInput
            label="New e-mail address"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <ErrorAlert message={problem} />
          {sentTo && (
            <Text size="sm" role="status">
              We’ve sent a confirmation link to <strong>{sentTo}</strong>.
            </Text>
          )}
          <Group>
            <Button type="submit" loading={add.isPending}>
              Send confirmation link
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  )
}
