import { Anchor, Badge, Box, Button, Divider, Group, Stack, Text, Typography } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Link, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { educationQueryKeys, getArticle, STAGE_LABELS, type ArticleDetail } from '../../lib/educationApi'
import { formatIsoDate } from '../../lib/format'
import { errorMessage } from '../../lib/http'
import { useArticleActions } from './useArticleActions'

export function ArticlePage() {
  const { slug = '' } = useParams()
  const article = useQuery({ queryKey: educationQueryKeys.article(slug), queryFn: () => getArticle(slug) })

  return (
    <Box maw={720}>
      <Anchor component={Link} to={paths.library} mb="sm" display="inline-block">
        Back to the library
      </Anchor>
      {/* One heading that stays in place while the article loads, so focus set on it after navigation stays. */}
      <PageTitle>{article.data?.title ?? 'Library article'}</PageTitle>
      <QueryState query={article} loading="Loading the article…" failed="We couldn’t open this article" />
      {article.data && <Article article={article.data} />}
    </Box>
  )
}

function Article({ article }: { article: ArticleDetail }) {
  const { save, read } = useArticleActions(article.slug)
  const saved = article.bookmarked_at !== null
  const isRead = article.read_at !== null
  const reviewer = article.medical_reviewer

  return (
    <article aria-label={article.title}>
      <Stack gap="xs" mb="lg">
        <Text size="sm" c="dimmed">
          {article.reading_minutes} min read · {STAGE_LABELS[article.stage]}
        </Text>
        {reviewer && (
          <Text size="sm" c="dimmed">
            Reviewed by {reviewer.display_name}
            {reviewer.credentials ? `, ${reviewer.credentials}` : ''}
            {article.reviewed_on ? ` on ${formatIsoDate(article.reviewed_on)}` : ''}
          </Text>
        )}
        {article.topics.length > 0 && (
          <Group gap={6}>
            {article.topics.map((topic) => (
              <Badge key={topic.slug} variant="light" color="gray">
                {topic.name}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>

      {/* Sanitized on the server (markdown-it without raw HTML, then nh3 with an allow-list). */}
      <Typography>
        <div dangerouslySetInnerHTML={{ __html: article.body_html }} />
      </Typography>

      <Divider my="lg" />
      <Stack gap="sm">
        <Text role="status">
          {isRead ? 'You have marked this article as read.' : 'When you have read this, you can mark it as read.'}
        </Text>
        <Group gap="sm">
          <Button variant={isRead ? 'default' : 'filled'} onClick={() => read.mutate(!isRead)} loading={read.isPending}>
            {isRead ? 'Mark as unread' : 'Mark as read'}
          </Button>
          <Button variant="default" onClick={() => save.mutate(!saved)} loading={save.isPending}>
            {saved ? 'Remove from saved' : 'Save for later'}
          </Button>
        </Group>
        <ErrorAlert
          title="That didn’t work"
          message={read.error ? errorMessage(read.error) : save.error ? errorMessage(save.error) : null}
        />
      </Stack>
    </article>
  )
}
