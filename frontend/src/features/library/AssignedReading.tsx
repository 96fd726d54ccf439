import { Anchor, Badge, Group, List, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { Assignment } from '../../lib/educationApi'
import { formatIsoDate } from '../../lib/format'
import { articlePath } from './articlePath'

/** What the clinic asked the patient to read, unread first (the API's order). */
export function AssignedReadingList({ assignments }: { assignments: Assignment[] }) {
  return (
    <List spacing="sm" listStyleType="none" p={0}>
      {assignments.map((assignment) => (
        <List.Item key={assignment.article.slug}>
          <Stack gap={2}>
            <Group gap="xs" wrap="wrap">
              <Anchor component={Link} to={articlePath(assignment.article.slug)} fw={600}>
                {assignment.article.title}
              </Anchor>
              {assignment.read_at && (
                <Badge variant="light" color="evergreen" size="sm">
                  Read
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {assignment.article.reading_minutes} min read
              {assignment.due_at && !assignment.read_at ? ` · Please read by ${formatIsoDate(assignment.due_at)}` : ''}
            </Text>
          </Stack>
        </List.Item>
      ))}
    </List>
  )
}
