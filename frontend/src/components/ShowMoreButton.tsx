import { Button, Group } from '@mantine/core'

interface PagedQuery {
  hasNextPage: boolean
  isFetchingNextPage: boolean
  fetchNextPage: () => unknown
}

/** Loads the next page of a paginated list, when there is one. */
export function ShowMoreButton({ query, label }: { query: PagedQuery; label: string }) {
  if (!query.hasNextPage) {
    return null
  }
  return (
    <Group>
      <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
        {label}
      </Button>
    </Group>
  )
}
