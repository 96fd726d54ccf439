import type { UseQueryResult } from '@tanstack/react-query'
import { LoadingState } from '../../../components/LoadingState'
import { ConsoleErrorAlert } from './ConsoleErrorAlert'

interface QueryStatusProps {
  query: Pick<UseQueryResult<unknown>, 'isPending' | 'isError' | 'error' | 'refetch'>
  loading: string
  title?: string
}

/** "Loading…" while a query runs, or its error with a retry; nothing once the data is there. */
export function QueryStatus({ query, loading, title }: QueryStatusProps) {
  if (query.isPending) {
    return <LoadingState label={loading} />
  }
  if (query.isError) {
    return <ConsoleErrorAlert title={title} error={query.error} onRetry={() => void query.refetch()} />
  }
  return null
}
