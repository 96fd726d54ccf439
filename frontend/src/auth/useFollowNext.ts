import { useNavigate } from 'react-router'
import { isServerPath } from '../app/paths'

/** Goes on to `next`: inside the SPA by the router, to a page the server renders by loading it. */
export function useFollowNext(): (next: string) => void {
  const navigate = useNavigate()
  return (next) => {
    if (isServerPath(next)) {
      window.location.assign(next)
    } else {
      navigate(next, { replace: true })
    }
  }
}
