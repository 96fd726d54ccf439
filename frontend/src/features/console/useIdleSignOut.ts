import { useIdle } from '@mantine/hooks'
import { useEffect } from 'react'
import { paths, SIGNED_OUT_PARAM, withNext } from '../../app/paths'
import { logout } from '../../lib/allauth'

/** The server ends a staff session after 15 idle minutes (SESSION_IDLE_MINUTES_STAFF); the screen follows. */
export const STAFF_IDLE_MS = 15 * 60 * 1000

/**
 * Signs a staff member out after they have left the console untouched, and reloads the login page, so
 * patient information does not stay on an unattended front-desk screen after the session has ended.
 */
export function useIdleSignOut(timeoutMs: number = STAFF_IDLE_MS) {
  const idle = useIdle(timeoutMs, { initialState: false })
  useEffect(() => {
    if (!idle) {
      return
    }
    const next = window.location.pathname + window.location.search
    const leave = () => window.location.assign(`${withNext(paths.login, next)}&${SIGNED_OUT_PARAM}`)
    // Leave even when the sign-out call fails (for example because the server already ended the session).
    logout().then(leave, leave)
  }, [idle])
}
