import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { ErrorAlert } from '../../components/ErrorAlert'
import { STAGE_LABELS, type ArticleSummary } from '../../lib/educationApi'
import { errorMessage } from '../../lib/http'
import { articlePath } from './articlePath'
import { useArticleActions } from './useArticleActions'

/** One article in a list: title, summary, whether it is read, and saving it for later. */
export function ArticleCard({ article }: { article: ArticleSummary }) {
  const { save } = useArticleActions(article.slug)
  const saved = article.bookmarked_at !== null

  return (
    <Card component="li" withBorder padding="md">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={3} size="h4">
            <Anchor component={Link} to={articlePath(article.slug)} inherit>
              {article.title}
            </Anchor>
          </Title>
          {article.read_at && (
            <Badge variant="light" color="evergreen" style={{ flexShrink: 0 }}>
              Read
            </Badge>
          )}
        </Group>
        <Text>{article.summary}</Text>
        <Group justify="space-between" gap="xs">
          <Text size="sm" c="dimmed">
            {article.reading_minutes} min read · {STAGE_LABELS[article.stage]}
          </Text>
          <Button
            variant="subtle"
            size="compact-sm"
            loading={save.isPending}
            onClick={() => save.mutate(!saved)}
            aria-label={saved ? `Remove from saved: ${article.title}` : `Save for later: ${article.title}`}
          >
            {saved ? 'Remove from saved' : 'Save for later'}
          </Button>
        </Group>
        <ErrorAlert message={save.error ? errorMessage(save.error) : null} />
      </Stack>
    </Card>
  )
}
