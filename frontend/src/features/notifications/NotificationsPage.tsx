import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { ShowMoreButton } from '../../components/ShowMoreButton'
import { numberedPages } from '../../lib/api'
import { formatIsoDateTime } from '../../lib/format'
import { errorMessage } from '../../lib/http'
import {
  getNotifications,
  markNotificationRead,
  notificationQueryKeys,
  type PortalNotification,
} from '../../lib/notificationsApi'

export function NotificationsPage() {
  const notifications = useInfiniteQuery({
    queryKey: notificationQueryKeys.list,
    queryFn: ({ pageParam }) => getNotifications(pageParam),
    ...numberedPages,
  })
  const list = notifications.data?.pages.flatMap((page) => page.results) ?? []

  return (
    <>
      <PageTitle>Notifications</PageTitle>
      <Group justify="space-between" mb="md">
        <Text>Messages from your clinic and reminders about your care.</Text>
        <Anchor component={Link} to={paths.notificationSettings}>
          Notification settings
        </Anchor>
      </Group>
      <QueryState
        query={notifications}
        loading="Loading your notifications…"
        failed="We couldn’t load your notifications"
      />
      {notifications.data && list.length === 0 && (
        <Text>You have no notifications. Reminders and messages from your clinic will appear here.</Text>
      )}
      {list.length > 0 && (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {list.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} />
          ))}
        </Stack>
      )}
      <ShowMoreButton query={notifications} label="Show older notifications" />
    </>
  )
}

/** Links to a page of the portal open as app routes; "/" (the home page) is not worth a link. */
function NotificationLink({ link, title }: { link: string; title: string }) {
  if (!link.startsWith('/') || link.startsWith('//') || link === '/') {
    return null
  }
  return (
    <Anchor component={Link} to={link} aria-label={`Open: ${title}`}>
      Open
    </Anchor>
  )
}

export function NotificationItem({ notification }: { notification: PortalNotification }) {
  const queryClient = useQueryClient()
  const markRead = useMutation({
    mutationFn: () => markNotificationRead(notification.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationQueryKeys.all }),
  })
  const unread = notification.read_at === null
  const headingId = `notification-${notification.id}`

  return (
    <Card component="li" withBorder padding="md" aria-labelledby={headingId} bg={unread ? 'evergreen.0' : undefined}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={2} size="h5" id={headingId}>
            {notification.title}
          </Title>
          {unread && (
            <Badge variant="filled" size="sm" style={{ flexShrink: 0 }}>
              New
            </Badge>
          )}
        </Group>
        <Text style={{ whiteSpace: 'pre-line' }}>{notification.body}</Text>
        <Group justify="space-between" gap="xs">
          <Text size="sm" c="dimmed">
            {formatIsoDateTime(notification.created_at)}
          </Text>
          <Group gap="sm">
            <NotificationLink link={notification.link} title={notification.title} />
            {unread && (
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => markRead.mutate()}
                loading={markRead.isPending}
                aria-label={`Mark as read: ${notification.title}`}
              >
                Mark as read
              </Button>
            )}
          </Group>
        </Group>
        <ErrorAlert message={markRead.error ? errorMessage(markRead.error) : null} />
      </Stack>
    </Card>
  )
}
