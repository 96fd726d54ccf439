import { Alert, Button, Stack, Text } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { Link, useLocation } from 'react-router'
import { confirmWithCodePath, paths } from '../app/paths'
import { portalQueryKeys, type Me } from '../lib/portalApi'

/** What a staff member must do before the API shows them patient information: set up two-factor
 * authentication, or, with it set up, confirm this session with a code (a session made some other way,
 * such as before two-factor was turned on, has not proved it). */
export function MfaRequiredPrompt() {
  // Read from the cache, not subscribed to: a second observer would refetch a failed /me and loop.
  const me = useQueryClient().getQueryData<Me>(portalQueryKeys.me)
  const location = useLocation()
  if (me?.mfa_enabled) {
    return (
      <Alert variant="light" title="Confirm it’s you to continue">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            This session hasn’t been confirmed with your authenticator app. Patient information opens once it is.
          </Text>
          <Button component={Link} to={confirmWithCodePath(location.pathname + location.search)}>
            Confirm with a code
          </Button>
        </Stack>
      </Alert>
    )
  }
  return (
    <Alert variant="light" title="Set up two-factor authentication to continue">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          Because your account can see patient information, it needs a second sign-in step. Setting it up takes about
          two minutes with an authenticator app on your phone.
        </Text>
        <Button component={Link} to={paths.totpSetup}>
          Set up two-factor authentication
        </Button>
      </Stack>
    </Alert>
  )
}
