import { ApiErrorAlert } from './ErrorAlert'
import { LoadingState } from './LoadingState'

interface QueryLike {
  isPending: boolean
  isError: boolean
  error: unknown
  refetch: () => unknown
}

interface QueryStateProps {
  query: QueryLike
  /** Said while loading, e.g. "Loading your plan…". */
  loading: string
  /** The title of the error, e.g. "We couldn’t load your plan"; left out, the alert shows only the message. */
  failed?: string
}

/**
 * A query's loading and error states, in place of its content until it has data: "Loading…" while it runs,
 * then its error (see ApiErrorAlert: two-factor prompt, "Sign in again" after a 401, or the message with
 * "Try again"); nothing once the data is there.
 */
export function QueryState({ query, loading, failed }: QueryStateProps) {
  if (query.isPending) {
    return <LoadingState label={loading} />
  }
  if (query.isError) {
    return <ApiErrorAlert title={failed} error={query.error} onRetry={() => void query.refetch()} />
  }
  return null
}
