import { Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { MfaRequiredPrompt } from '../../components/MfaRequiredPrompt'
import { PageTitle } from '../../components/PageTitle'
import { secondFactorMissing, useMe, type Me } from '../../lib/portalApi'
import { PatientDashboard } from '../dashboard/PatientDashboard'

export function HomePage() {
  const me = useMe()

  return (
    <>
      <PageTitle>Home</PageTitle>
      {me.isPending && <LoadingState label="Loading your home page…" />}
      {me.isError && (
        <ApiErrorAlert title="We couldn’t load your home page" error={me.error} onRetry={() => void me.refetch()} />
      )}
      {me.data && <Welcome me={me.data} />}
    </>
  )
}

function clinicCountText(count: number): string {
  if (count === 0) return 'You aren’t linked to a clinic yet.'
  return count === 1 ? 'You work at 1 clinic.' : `You work at ${count} clinics.`
}

function Welcome({ me }: { me: Me }) {
  const name = me.display_name.trim() || me.email
  if (!me.is_staff_member) {
    return <PatientDashboard name={name} />
  }
  return <StaffHome me={me} name={name} />
}

function StaffHome({ me, name }: { me: Me; name: string }) {
  return (
    <Stack gap="lg">
      <Text size="xl">Welcome, {name}.</Text>
      {secondFactorMissing(me) && <MfaRequiredPrompt />}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <HomeCard
          title="Clinic console"
          text={`Your clinics and daily work. ${clinicCountText(me.memberships.length)}`}
          linkLabel="Open the clinic console"
          to={paths.clinicConsole}
        />
        <HomeCard
          title="Your details"
          text="Your name, date of birth, phone number, time zone and emergency contact."
          linkLabel="Review your details"
          to={paths.profile}
        />
        <HomeCard
          title="Sign-in and security"
          text="Two-factor authentication, your e-mail address, password and the devices you’re signed in on."
          linkLabel="Manage sign-in and security"
          to={paths.security}
        />
      </SimpleGrid>
    </Stack>
  )
}

interface HomeCardProps {
  title: string
  text: string
  linkLabel: string
  to: string
}

function HomeCard({ title, text, linkLabel, to }: HomeCardProps) {
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h3" mb="xs">
        {title}
      </Title>
      <Text mb="md" style={{ flexGrow: 1 }}>
        {text}
      </Text>
      <Button component={Link} to={to} variant="light" style={{ alignSelf: 'flex-start' }}>
        {linkLabel}
      </Button>
    </Card>
  )
}
