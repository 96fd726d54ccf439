import { Alert, Button, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../app/paths'

/** Clinic staff must use two-factor authentication before the API shows them patient information. */
export function MfaRequiredPrompt() {
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
