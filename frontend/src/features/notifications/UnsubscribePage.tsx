import { Anchor, Box, Button, Paper, Stack, Text } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Link, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { useAuth } from '../../auth/authContext'
import { ApiErrorAlert, ErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { PageTitle } from '../../components/PageTitle'
import { ApiError, errorMessage } from '../../lib/http'
import { getUnsubscription, notificationQueryKeys, unsubscribe } from '../../lib/notificationsApi'

/**
 * Reached from the link in a reminder e-mail, signed in or not: the link itself says who and which kind
 * of message. Nothing changes until the person presses the button (mail scanners open links too).
 */
export function UnsubscribePage() {
  const { token = '' } = useParams()
  const queryClient = useQueryClient()
  const { isAuthenticated } = useAuth()
  const target = useQuery({
    queryKey: notificationQueryKeys.unsubscribe(token),
    queryFn: () => getUnsubscription(token),
  })
  const confirm = useMutation({
    mutationFn: () => unsubscribe(token),
    onSuccess: (answer) => {
      queryClient.setQueryData(notificationQueryKeys.unsubscribe(token), answer)
      void queryClient.invalidateQueries({ queryKey: notificationQueryKeys.preferences })
    },
  })
  const invalidLink = target.error instanceof ApiError && target.error.status === 404

  return (
    <Box maw={560} mx="auto">
      <PageTitle>Unsubscribe</PageTitle>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
        {target.isPending && <LoadingState label="Checking your link…" />}
        {invalidLink && (
          <Text>
            This unsubscribe link doesn’t work. It may be older than a year, or cut short by your e-mail app. You can
            change which messages you get in your notification settings after signing in.
          </Text>
        )}
        {target.isError && !invalidLink && (
          <ApiErrorAlert
            title="We couldn’t check your link"
            error={target.error}
            onRetry={() => void target.refetch()}
          />
        )}
        {target.data && (
          <Stack gap="md" align="flex-start">
            {target.data.unsubscribed ? (
              <Text role="status">
                You won’t get “{target.data.description}” messages any more. Messages about appointments you book are
                still sent.
              </Text>
            ) : (
              <>
                <Text>Stop getting “{target.data.description}” messages?</Text>
                <ErrorAlert
                  title="You are still subscribed"
                  message={confirm.error ? errorMessage(confirm.error) : null}
                />
                <Button onClick={() => confirm.mutate()} loading={confirm.isPending}>
                  Unsubscribe
                </Button>
              </>
            )}
          </Stack>
        )}
        <Anchor
          component={Link}
          to={isAuthenticated ? paths.notificationSettings : paths.login}
          display="inline-block"
          mt="md"
        >
          {isAuthenticated ? 'Choose which messages you get' : 'Sign in to choose which messages you get'}
        </Anchor>
      </Paper>
    </Box>
  )
}
