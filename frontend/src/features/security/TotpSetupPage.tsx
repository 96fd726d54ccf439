import { Anchor, Box, Button, Code, CopyButton, Group, List, Paper, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { QRCodeSVG } from 'qrcode.react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { paths } from '../../app/paths'
import { fieldErrors, generalError } from '../../auth/allauthErrors'
import { needsReauthentication } from '../../auth/flows'
import { useGoToReauthentication } from '../../auth/useReauthentication'
import { ErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { PageTitle } from '../../components/PageTitle'
import { activateTotp, getTotpAuthenticator, type TotpSetupMeta } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { portalQueryKeys } from '../../lib/portalApi'
import { checkFilled } from '../../lib/validation'
import { accountQueryKeys } from './accountQueryKeys'

const UNVERIFIED_EMAIL_MESSAGE =
  'Please confirm your e-mail address before turning on two-factor authentication, so you can always recover your account.'

export function TotpSetupPage() {
  // Each visit must show a fresh secret, so this answer is never reused from the cache.
  const totp = useQuery({ queryKey: accountQueryKeys.totp, queryFn: getTotpAuthenticator, gcTime: 0, staleTime: 0 })

  return (
    <Box maw={640}>
      <PageTitle>Set up two-factor authentication</PageTitle>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        {totp.isPending && <LoadingState label="Preparing your setup code…" />}
        {totp.isError && <ErrorAlert message={errorMessage(totp.error)} onRetry={() => void totp.refetch()} />}
        {totp.data?.status === 200 && <AlreadyOn />}
        {totp.data?.status === 409 && <EmailNotConfirmed />}
        {totp.data?.status === 404 && totp.data.meta?.secret && totp.data.meta.totp_url && (
          <SetupSteps secret={totp.data.meta.secret} totpUrl={totp.data.meta.totp_url} />
        )}
        {totp.data && ![200, 404, 409].includes(totp.data.status) && (
          <ErrorAlert message={generalError(totp.data)} onRetry={() => void totp.refetch()} />
        )}
      </Paper>
    </Box>
  )
}

function AlreadyOn() {
  return (
    <Stack align="flex-start">
      <Text>Two-factor authentication is already on for your account.</Text>
      <Anchor component={Link} to={paths.security}>
        Back to sign-in and security
      </Anchor>
    </Stack>
  )
}

function EmailNotConfirmed() {
  return (
    <Stack align="flex-start">
      <Text>{UNVERIFIED_EMAIL_MESSAGE}</Text>
      <Button component={Link} to={paths.changeEmail}>
        Confirm your e-mail address
      </Button>
    </Stack>
  )
}

/** Shows the key in groups of four so it is easier to type; spaces are ignored by authenticator apps. */
function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret
}

function SetupSteps({ secret, totpUrl }: { secret: string; totpUrl: TotpSetupMeta['totp_url'] }) {
  return (
    <List type="ordered" spacing="xl">
      <List.Item>
        <Text fw={600}>Get an authenticator app</Text>
        <Text size="sm">
          Install one on your phone if you don’t have one, for example Google Authenticator, Microsoft Authenticator or
          1Password.
        </Text>
      </List.Item>
      <List.Item>
        <Text fw={600}>Add Evergreen Ketamine Care to the app</Text>
        <Text size="sm" mb="sm">
          In the app, choose to add an account and scan this QR code.
        </Text>
        <Box bg="white" p="xs" w="fit-content" style={{ border: '1px solid var(--mantine-color-gray-3)' }}>
          <QRCodeSVG value={totpUrl} size={176} marginSize={1} title="QR code for your authenticator app" role="img" />
        </Box>
        <Text size="sm" mt="sm">
          Can’t scan it? Choose to enter a setup key instead and type this key:
        </Text>
        <Group gap="xs" mt={4}>
          <Code fz="md" style={{ overflowWrap: 'anywhere' }}>
            {groupedSecret(secret)}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? 'Key copied' : 'Copy key'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </List.Item>
      <List.Item>
        <Text fw={600}>Enter the code from the app</Text>
        <ActivateForm />
      </List.Item>
    </List>
  )
}

const FIELDS = ['code'] as const

function ActivateForm() {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const goToReauthentication = useGoToReauthentication()
  const [problem, setProblem] = useState<string | null>(null)
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: checkFilled('Enter the 6-digit code from your app.') },
  })

  const activate = useMutation({
    mutationFn: (code: string) => activateTotp(code.replace(/\s+/g, '')),
    onMutate: () => setProblem(null),
    onSuccess: (response) => {
      if (needsReauthentication(response)) {
        goToReauthentication()
        return
      }
      if (response.status === 200) {
        void queryClient.invalidateQueries({ queryKey: accountQueryKeys.authenticators })
        void queryClient.invalidateQueries({ queryKey: portalQueryKeys.me })
        navigate(paths.recoveryCodes, { state: { justTurnedOn: true } })
        return
      }
      form.setErrors(fieldErrors(response, FIELDS))
      setProblem(response.status === 409 ? UNVERIFIED_EMAIL_MESSAGE : generalError(response, FIELDS))
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  return (
    <form noValidate onSubmit={form.onSubmit(({ code }) => activate.mutate(code))}>
      <Stack gap="sm" mt="xs">
        <TextInput
          label="6-digit code"
          description="The code changes every 30 seconds; use the one showing now."
          autoComplete="one-time-code"
          inputMode="numeric"
          maw={240}
          required
          {...form.getInputProps('code')}
        />
        <ErrorAlert message={problem} />
        <Group>
          <Button type="submit" loading={activate.isPending}>
            Confirm and turn on
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
