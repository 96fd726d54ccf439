import { Badge, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { generalError, requireData } from '../../auth/allauthErrors'
import { needsReauthentication } from '../../auth/flows'
import { useGoToReauthentication } from '../../auth/useReauthentication'
import { ErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import {
  deactivateTotp,
  getAuthenticators,
  type RecoveryCodesAuthenticator,
  type TotpAuthenticator,
} from '../../lib/allauth'
import { formatDate } from '../../lib/format'
import { errorMessage } from '../../lib/http'
import { portalQueryKeys, useMe } from '../../lib/portalApi'
import { accountQueryKeys } from './accountQueryKeys'

const fetchAuthenticators = async () => requireData(await getAuthenticators())

export function TwoFactorSection() {
  const authenticators = useQuery({ queryKey: accountQueryKeys.authenticators, queryFn: fetchAuthenticators })
  const totp = authenticators.data?.find((item): item is TotpAuthenticator => item.type === 'totp')
  const recoveryCodes = authenticators.data?.find(
    (item): item is RecoveryCodesAuthenticator => item.type === 'recovery_codes',
  )

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="two-factor-heading">
      <Group gap="sm" mb="xs">
        <Title order={2} size="h3" id="two-factor-heading">
          Two-factor authentication
        </Title>
        {authenticators.data && (
          <Badge variant="light" color={totp ? 'evergreen' : 'gray'}>
            {totp ? 'On' : 'Off'}
          </Badge>
        )}
      </Group>
      {authenticators.isPending && <LoadingState label="Checking your two-factor settings…" />}
      {authenticators.isError && (
        <ErrorAlert message={errorMessage(authenticators.error)} onRetry={() => void authenticators.refetch()} />
      )}
      {authenticators.data &&
        (totp ? (
          <TwoFactorOn totp={totp} recoveryCodes={recoveryCodes} />
        ) : (
          <Stack gap="sm" align="flex-start">
            <Text>
              Add a second step when you sign in: a code from an authenticator app on your phone. Even if someone learns
              your password, they can’t get into your account without it.
            </Text>
            <Button component={Link} to={paths.totpSetup}>
              Set up two-factor authentication
            </Button>
          </Stack>
        ))}
    </Paper>
  )
}

interface TwoFactorOnProps {
  totp: TotpAuthenticator
  recoveryCodes: RecoveryCodesAuthenticator | undefined
}

function TwoFactorOn({ totp, recoveryCodes }: TwoFactorOnProps) {
  const [confirmOpen, confirmDialog] = useDisclosure(false)

  return (
    <Stack gap="sm" align="flex-start">
      <Text>You’ve used an authenticator app to sign in since {formatDate(totp.created_at)}.</Text>
      {recoveryCodes && (
        <Text>
          You have {recoveryCodes.unused_code_count} of {recoveryCodes.total_code_count} recovery codes left.
        </Text>
      )}
      <Group gap="sm">
        <Button component={Link} to={paths.recoveryCodes} variant="default">
          View recovery codes
        </Button>
        <Button variant="default" onClick={confirmDialog.open}>
          Turn off two-factor authentication
        </Button>
      </Group>
      <TurnOffDialog opened={confirmOpen} onClose={confirmDialog.close} />
    </Stack>
  )
}

function TurnOffDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient()
  const goToReauthentication = useGoToReauthentication()
  const me = useMe()
  const [problem, setProblem] = useState<string | null>(null)

  const turnOff = useMutation({
    mutationFn: deactivateTotp,
    onMutate: () => setProblem(null),
    onSuccess: (response) => {
      if (needsReauthentication(response)) {
        goToReauthentication()
        return
      }
      if (response.status !== 200) {
        setProblem(generalError(response))
        return
      }
      onClose()
      void queryClient.invalidateQueries({ queryKey: accountQueryKeys.authenticators })
      void queryClient.invalidateQueries({ queryKey: portalQueryKeys.me })
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  return (
    <Modal opened={opened} onClose={onClose} title="Turn off two-factor authentication?">
      <Stack>
        <Text>Signing in will only need your password. Your recovery codes will stop working.</Text>
        {me.data?.is_staff_member && (
          <Text fw={600}>You won’t be able to use the clinic console until you turn it back on.</Text>
        )}
        <ErrorAlert message={problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it on
          </Button>
          <Button color="red.9" loading={turnOff.isPending} onClick={() => turnOff.mutate()}>
            Turn off
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
