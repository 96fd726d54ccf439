import { useEffect } from 'react'
import { Navigate } from 'react-router'
import { isServerPath } from '../app/paths'

/** The element form of `useFollowNext`, for guards that redirect while rendering. */
export function FollowNext({ to }: { to: string }) {
  const server = isServerPath(to)
  useEffect(() => {
    if (server) {
      window.location.replace(to)
    }
  }, [server, to])
  return server ? null : <Navigate to={to} replace />
}
