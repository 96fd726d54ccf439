import { Anchor, List, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { AuthCard } from '../../components/AuthCard'

export function CheckEmailPage() {
  return (
    <AuthCard title="Check your e-mail">
      <Stack>
        <Text>We’ve sent you an e-mail with a link to confirm your address. Open that link to continue.</Text>
        <List spacing="xs" size="sm">
          <List.Item>It can take a few minutes to arrive.</List.Item>
          <List.Item>If you can’t find it, look in your spam or junk folder.</List.Item>
          <List.Item>You can close this page; the link works on any device.</List.Item>
        </List>
        <Anchor component={Link} to={paths.login}>
          Back to sign in
        </Anchor>
      </Stack>
    </AuthCard>
  )
}
