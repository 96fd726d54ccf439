import { Button, Group, Text, type MantineSize } from '@mantine/core'
import { errorMessage } from '../lib/http'
import { ErrorAlert } from './ErrorAlert'

interface PagedQuery {
  hasNextPage: boolean
  isFetchingNextPage: boolean
  fetchNextPage: () => unknown
  /** With `error`: a next page that failed to load is explained under the button. */
  isFetchNextPageError?: boolean
  error?: unknown
}

interface ShowMoreButtonProps {
  query: PagedQuery
  /** The button's text, e.g. "Show more articles". */
  label: string
  /** How many rows are on screen; with `count`, "Showing 10 of 24." is said beside the button. */
  shown?: number
  /** How many rows there are in all. */
  count?: number
  size?: MantineSize
}

/**
 * Loads the next page of a paginated list, when there is one; optionally says how many rows are shown of how
 * many, and explains a next page that failed to load. Nothing once everything is shown.
 */
export function ShowMoreButton({ query, label, shown, count, size }: ShowMoreButtonProps) {
  const counted = shown !== undefined && count !== undefined
  const hasMore = counted ? count > shown : query.hasNextPage
  if (!hasMore && !query.isFetchNextPageError) {
    return null
  }
  return (
    <>
      <Group gap={counted ? 'sm' : undefined}>
        {counted && (
          <Text size="sm">
            Showing {shown} of {count}.
          </Text>
        )}
        {query.hasNextPage && (
          <Button
            size={size}
            variant="default"
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
          >
            {label}
          </Button>
        )}
      </Group>
      <ErrorAlert message={query.isFetchNextPageError ? errorMessage(query.error) : null} />
    </>
  )
}
