import { Button, Paper, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { useAuth } from '../../auth/authContext'
import { PageTitle } from '../../components/PageTitle'
import { SessionsSection } from './SessionsSection'
import { TwoFactorSection } from './TwoFactorSection'

export function SecurityPage() {
  const { auth, config } = useAuth()
  const user = auth.data?.user

  return (
    <>
      <PageTitle>Sign-in and security</PageTitle>
      <Stack gap="lg">
        {config.mfa && <TwoFactorSection />}
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="email-heading">
          <Title order={2} size="h3" id="email-heading" mb="xs">
            E-mail address
          </Title>
          <Text mb="sm" style={{ overflowWrap: 'anywhere' }}>
            {user?.email ? `You sign in with ${user.email}.` : 'Manage the e-mail address you sign in with.'}
          </Text>
          <Button component={Link} to={paths.changeEmail} variant="default">
            Change e-mail address
          </Button>
        </Paper>
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="password-heading">
          <Title order={2} size="h3" id="password-heading" mb="xs">
            Password
          </Title>
          <Text mb="sm">Choose a password you don’t use anywhere else.</Text>
          <Button component={Link} to={paths.changePassword} variant="default">
            {user?.has_usable_password === false ? 'Set a password' : 'Change password'}
          </Button>
        </Paper>
        {config.usersessions && <SessionsSection trackActivity={config.usersessions.track_activity} />}
      </Stack>
    </>
  )
}
