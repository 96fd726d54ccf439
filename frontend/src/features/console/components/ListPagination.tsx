import { Pagination } from '@mantine/core'
import { useSearchParams } from 'react-router'
import { usePageParam } from './usePageParam'

/** The API's page size (StandardPagination). */
const PAGE_SIZE = 50

/** Page links for a paginated API list; the page lives in the URL so a link shows the same rows. */
export function ListPagination({ count }: { count: number | undefined }) {
  const [params, setParams] = useSearchParams()
  const page = usePageParam()
  const pages = Math.ceil((count ?? 0) / PAGE_SIZE)
  if (pages < 2) {
    return null
  }
  return (
    <Pagination
      total={pages}
      value={page}
      onChange={(next) => {
        const updated = new URLSearchParams(params)
        updated.set('page', String(next))
        setParams(updated)
      }}
      getControlProps={(control) => ({ 'aria-label': `${control} page` })}
      getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
    />
  )
}
