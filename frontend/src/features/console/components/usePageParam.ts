import { useSearchParams } from 'react-router'

/** The list page asked for in the URL (`?page=`), 1 when none. */
export function usePageParam(): number {
  const [params] = useSearchParams()
  return Math.max(1, Number(params.get('page')) || 1)
}
