import { Center, Stack, Title } from '@mantine/core'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import { ErrorAlert } from '../components/ErrorAlert'
import { LoadingState } from '../components/LoadingState'
import { getConfig, getSession, onAuthChange, type AuthResponse } from '../lib/allauth'
import { ApiError, errorMessage, plainMessageForStatus } from '../lib/http'
import { AuthContext, authQueryKeys } from './authContext'
import { isAuthenticated } from './flows'

async function fetchConfig() {
  // Besides the configuration, this answer sets the csrftoken cookie that every later POST needs.
  const response = await getConfig()
  if (response.status !== 200 || !response.data) {
    throw new ApiError(response.status, { code: 'config_unavailable', message: plainMessageForStatus(response.status) })
  }
  return response.data
}

function signedInUserId(auth: AuthResponse | undefined) {
  return isAuthenticated(auth) ? auth?.data?.user?.id : undefined
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const config = useQuery({ queryKey: authQueryKeys.config, queryFn: fetchConfig, staleTime: Infinity })
  const session = useQuery({ queryKey: authQueryKeys.session, queryFn: getSession, staleTime: Infinity })

  useEffect(
    () =>
      onAuthChange((auth) => {
        const previous = queryClient.getQueryData<AuthResponse>(authQueryKeys.session)
        if (signedInUserId(previous) !== signedInUserId(auth)) {
          // Someone signed in, out, or as someone else: nothing cached for the last person may be shown.
          queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' })
        }
        queryClient.setQueryData(authQueryKeys.session, auth)
      }),
    [queryClient],
  )

  if (config.isError || session.isError) {
    return (
      <StartupScreen>
        <ErrorAlert
          title="The portal couldn’t start"
          message={errorMessage(config.error ?? session.error)}
          onRetry={() => {
            void config.refetch()
            void session.refetch()
          }}
        />
      </StartupScreen>
    )
  }
  if (!config.data || !session.data) {
    return (
      <StartupScreen>
        <LoadingState label="Opening your portal…" />
      </StartupScreen>
    )
  }
  return <AuthContext.Provider value={{ auth: session.data, config: config.data }}>{children}</AuthContext.Provider>
}

function StartupScreen({ children }: { children: ReactNode }) {
  return (
    <Center component="main" mih="100vh" p="md">
      <Stack maw={420} w="100%">
        <Title order={1} size="h3">
          Evergreen Ketamine Care
        </Title>
        {children}
      </Stack>
    </Center>
  )
}
