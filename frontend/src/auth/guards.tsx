import type { ReactNode } from 'react'
import { Navigate, useLocation, useSearchParams } from 'react-router'
import { paths, safeNextPath, withNext } from '../app/paths'
import { useAuth } from './authContext'
import { FollowNext } from './FollowNext'

/** Sends signed-out visitors to the login page, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { isAuthenticated } = useAuth()
  const location = useLocation()
  if (!isAuthenticated) {
    return <Navigate to={withNext(paths.login, location.pathname + location.search)} replace />
  }
  return children
}

/** Sign-in screens make no sense once signed in: continue to `next` (or home). */
export function AnonymousOnly({ children }: { children: ReactNode }) {
  const { isAuthenticated } = useAuth()
  const [searchParams] = useSearchParams()
  if (isAuthenticated) {
    return <FollowNext to={safeNextPath(searchParams.get('next'))} />
  }
  return children
}
