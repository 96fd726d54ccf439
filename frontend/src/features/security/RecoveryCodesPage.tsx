import { Alert, Anchor, Box, Button, CopyButton, Group, Modal, Paper, SimpleGrid, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Link, useLocation } from 'react-router'
import { paths } from '../../app/paths'
import { generalError } from '../../auth/allauthErrors'
import { needsReauthentication } from '../../auth/flows'
import { useGoToReauthentication } from '../../auth/useReauthentication'
import { ErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { PageTitle } from '../../components/PageTitle'
import { getRecoveryCodes, regenerateRecoveryCodes, type RecoveryCodes } from '../../lib/allauth'
import { errorMessage } from '../../lib/http'
import { accountQueryKeys } from './accountQueryKeys'

export function RecoveryCodesPage() {
  const location = useLocation()
  const justTurnedOn = (location.state as { justTurnedOn?: boolean } | null)?.justTurnedOn === true
  const goToReauthentication = useGoToReauthentication()
  // The codes are secrets: fetch them on each visit and drop them when the page closes.
  const codes = useQuery({
    queryKey: accountQueryKeys.recoveryCodes,
    queryFn: getRecoveryCodes,
    gcTime: 0,
    staleTime: 0,
  })
  const mustReauthenticate = codes.data !== undefined && needsReauthentication(codes.data)

  useEffect(() => {
    if (mustReauthenticate) {
      goToReauthentication()
    }
  }, [mustReauthenticate, goToReauthentication])

  return (
    <Box maw={640}>
      <PageTitle>Recovery codes</PageTitle>
      <Stack>
        {justTurnedOn && (
          <Alert variant="light" title="Two-factor authentication is on" role="status">
            From now on, you’ll enter a code from your authenticator app when you sign in.
          </Alert>
        )}
        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          {(codes.isPending || mustReauthenticate) && <LoadingState label="Loading your recovery codes…" />}
          {codes.isError && <ErrorAlert message={errorMessage(codes.error)} onRetry={() => void codes.refetch()} />}
          {codes.data?.status === 200 && codes.data.data && <CodeList codes={codes.data.data} />}
          {codes.data?.status === 404 && (
            <Text>
              You don’t have recovery codes yet. They are created when you{' '}
              <Anchor component={Link} to={paths.totpSetup}>
                set up two-factor authentication
              </Anchor>
              .
            </Text>
          )}
          {codes.data && !mustReauthenticate && ![200, 404].includes(codes.data.status) && (
            <ErrorAlert message={generalError(codes.data)} onRetry={() => void codes.refetch()} />
          )}
        </Paper>
        <Anchor component={Link} to={paths.security}>
          Back to sign-in and security
        </Anchor>
      </Stack>
    </Box>
  )
}

function CodeList({ codes }: { codes: RecoveryCodes }) {
  return (
    <Stack>
      <Text>
        If you lose your phone, you can sign in with one of these codes instead of a code from your app. Each code works
        once. Keep them somewhere safe and private, such as a password manager or a printed copy at home.
      </Text>
      <Text fw={600}>
        {codes.unused_code_count} of {codes.total_code_count} codes left
      </Text>
      <SimpleGrid component="ul" cols={{ base: 1, xs: 2 }} spacing="xs" p={0} m={0} style={{ listStyle: 'none' }}>
        {codes.unused_codes.map((code) => (
          <Text component="li" key={code} ff="monospace" fz="lg">
            {code}
          </Text>
        ))}
      </SimpleGrid>
      <Group gap="sm">
        <CopyButton value={codes.unused_codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Codes copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <RegenerateCodes />
      </Group>
    </Stack>
  )
}

function RegenerateCodes() {
  const queryClient = useQueryClient()
  const goToReauthentication = useGoToReauthentication()
  const [opened, dialog] = useDisclosure(false)
  const [problem, setProblem] = useState<string | null>(null)

  const regenerate = useMutation({
    mutationFn: regenerateRecoveryCodes,
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
      dialog.close()
      void queryClient.invalidateQueries({ queryKey: accountQueryKeys.recoveryCodes })
      void queryClient.invalidateQueries({ queryKey: accountQueryKeys.authenticators })
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  return (
    <>
      <Button variant="default" onClick={dialog.open}>
        Make new codes
      </Button>
      <Modal opened={opened} onClose={dialog.close} title="Make new recovery codes?">
        <Stack>
          <Text>Your current codes will stop working. Save the new ones straight away.</Text>
          <ErrorAlert message={problem} />
          <Group justify="flex-end">
            <Button variant="default" onClick={dialog.close}>
              Cancel
            </Button>
            <Button loading={regenerate.isPending} onClick={() => regenerate.mutate()}>
              Make new codes
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
