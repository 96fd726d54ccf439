import { Anchor, Stack, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { PageTitle } from '../../components/PageTitle'
import { educationQueryKeys, getBookmarks } from '../../lib/educationApi'
import { ArticleCard } from './ArticleCard'

export function SavedArticlesPage() {
  const bookmarks = useQuery({ queryKey: educationQueryKeys.bookmarks, queryFn: getBookmarks })

  return (
    <>
      <PageTitle>Saved articles</PageTitle>
      <Anchor component={Link} to={paths.library} mb="md" display="inline-block">
        Back to the library
      </Anchor>
      {bookmarks.isPending && <LoadingState label="Loading your saved articles…" />}
      {bookmarks.isError && (
        <ApiErrorAlert
          title="We couldn’t load your saved articles"
          error={bookmarks.error}
          onRetry={() => void bookmarks.refetch()}
        />
      )}
      {bookmarks.data?.length === 0 && (
        <Text>You haven’t saved any articles yet. Choose “Save for later” on an article to keep it here.</Text>
      )}
      {bookmarks.data && bookmarks.data.length > 0 && (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {bookmarks.data.map((article) => (
            <ArticleCard key={article.slug} article={article} />
          ))}
        </Stack>
      )}
    </>
  )
}
