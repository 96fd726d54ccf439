import { useCallback } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { paths, withNext } from '../app/paths'

/** Sends the person to confirm their identity, then back to the page they were on. */
export function useGoToReauthentication() {
  const navigate = useNavigate()
  const location = useLocation()
  return useCallback(
    () => navigate(withNext(paths.reauthenticate, location.pathname + location.search)),
    [navigate, location.pathname, location.search],
  )
}
