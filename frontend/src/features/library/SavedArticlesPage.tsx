import { Anchor, Stack, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
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
      <QueryState
        query={bookmarks}
        loading="Loading your saved articles…"
        failed="We couldn’t load your saved articles"
      />
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
