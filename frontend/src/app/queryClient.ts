import { QueryClient } from '@tanstack/react-query'
import { ApiError } from '../lib/http'

const MAX_RETRIES = 2

function shouldRetry(failureCount: number, error: unknown): boolean {
  // Only a dropped connection or a server fault can heal by itself; a 4xx answer will not change.
  const mightHeal = !(error instanceof ApiError) || error.status === 0 || error.status >= 500
  return mightHeal && failureCount < MAX_RETRIES
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // Refetching while someone is reading or filling a form would shift the page under them.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  })
}
