import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { generalError, requireData } from '../../auth/allauthErrors'
import { ErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { endSessions, getSessions, type UserSession } from '../../lib/allauth'
import { describeUserAgent, formatDateTime } from '../../lib/format'
import { errorMessage } from '../../lib/http'
import { accountQueryKeys } from './accountQueryKeys'

const fetchSessions = async () => requireData(await getSessions())

export function SessionsSection({ trackActivity }: { trackActivity: boolean }) {
  const queryClient = useQueryClient()
  const sessions = useQuery({ queryKey: accountQueryKeys.sessions, queryFn: fetchSessions })
  const [problem, setProblem] = useState<string | null>(null)

  const end = useMutation({
    mutationFn: ({ ids }: { ids: number[]; everyOtherDevice: boolean }) => endSessions(ids),
    onMutate: () => setProblem(null),
    onSuccess: (response) => {
      // Ending this device's own session signs it out; the route guard takes over from there.
      if (response.status === 200 && response.data) {
        queryClient.setQueryData(accountQueryKeys.sessions, response.data)
      } else if (response.status !== 401) {
        setProblem(generalError(response))
      }
    },
    onError: (error) => setProblem(errorMessage(error)),
  })

  const otherSessions = sessions.data?.filter((session) => !session.is_current) ?? []

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="sessions-heading">
      <Title order={2} size="h3" id="sessions-heading" mb="xs">
        Where you’re signed in
      </Title>
      <Text mb="sm">If you see a device you don’t recognise, sign it out and change your password.</Text>
      {sessions.isPending && <LoadingState label="Loading your signed-in devices…" />}
      {sessions.isError && (
        <ErrorAlert message={errorMessage(sessions.error)} onRetry={() => void sessions.refetch()} />
      )}
      {sessions.data && (
        <Stack gap="md">
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {sessions.data.map((session) => (
              <SessionItem
                key={session.id}
                session={session}
                trackActivity={trackActivity}
                ending={end.isPending && end.variables.ids.includes(session.id) && !end.variables.everyOtherDevice}
                onEnd={() => end.mutate({ ids: [session.id], everyOtherDevice: false })}
              />
            ))}
          </Stack>
          <ErrorAlert message={problem} />
          {otherSessions.length > 0 ? (
            <Group>
              <Button
                variant="default"
                loading={end.isPending && end.variables.everyOtherDevice}
                onClick={() => end.mutate({ ids: otherSessions.map((session) => session.id), everyOtherDevice: true })}
              >
                Sign out of all other devices
              </Button>
            </Group>
          ) : (
            <Text size="sm">You’re not signed in anywhere else.</Text>
          )}
        </Stack>
      )}
    </Paper>
  )
}

interface SessionItemProps {
  session: UserSession
  trackActivity: boolean
  ending: boolean
  onEnd: () => void
}

function SessionItem({ session, trackActivity, ending, onEnd }: SessionItemProps) {
  const device = describeUserAgent(session.user_agent)
  return (
    <Paper component="li" withBorder p="sm" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600}>{device}</Text>
            {session.is_current && <Badge variant="light">This device</Badge>}
          </Group>
          <Text size="sm">Signed in {formatDateTime(session.created_at)}</Text>
          {trackActivity && session.last_seen_at && (
            <Text size="sm">Last active {formatDateTime(session.last_seen_at)}</Text>
          )}
          <Text size="sm">IP address {session.ip}</Text>
        </Stack>
        {!session.is_current && (
          <Button size="xs" variant="default" loading={ending} onClick={onEnd} aria-label={`Sign out ${device}`}>
            Sign out
          </Button>
        )}
      </Group>
    </Paper>
  )
}
