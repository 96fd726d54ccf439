import { Button, Group, Text } from '@mantine/core'
import type { UseInfiniteQueryResult } from '@tanstack/react-query'
import { ErrorAlert } from '../../../components/ErrorAlert'
import { errorMessage } from '../../../lib/http'

interface ShowMoreProps {
  query: Pick<
    UseInfiniteQueryResult,
    'hasNextPage' | 'fetchNextPage' | 'isFetchingNextPage' | 'isFetchNextPageError' | 'error'
  >
  shown: number
  count: number
  /** What the rows are, for the button: "Show more appointments". */
  noun: string
}

/** "Showing 10 of 24" and a button for the next page of a patient-page list. */
export function ShowMore({ query, shown, count, noun }: ShowMoreProps) {
  if (count <= shown && !query.isFetchNextPageError) {
    return null
  }
  return (
    <>
      <Group gap="sm">
        <Text size="sm">
          Showing {shown} of {count}.
        </Text>
        {query.hasNextPage && (
          <Button
            size="xs"
            variant="default"
            loading={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            Show more {noun}
          </Button>
        )}
      </Group>
      <ErrorAlert message={query.isFetchNextPageError ? errorMessage(query.error) : null} />
    </>
  )
}
