import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { MfaRequiredPrompt } from '../../components/MfaRequiredPrompt'
import { PageTitle } from '../../components/PageTitle'
import { useMe, type ClinicRole, type Me, type Membership } from '../../lib/portalApi'

const ROLE_LABELS: Record<ClinicRole, string> = {
  clinic_admin: 'Clinic admin',
  provider: 'Provider',
  front_desk: 'Front desk',
}

export function ClinicConsolePage() {
  const me = useMe()

  return (
    <>
      <PageTitle>Clinic console</PageTitle>
      {me.isPending && <LoadingState label="Loading your clinics…" />}
      {me.isError && (
        <ApiErrorAlert title="We couldn’t load your clinics" error={me.error} onRetry={() => void me.refetch()} />
      )}
      {me.data && <ConsoleContent me={me.data} />}
    </>
  )
}

function ConsoleContent({ me }: { me: Me }) {
  if (!me.is_staff_member) {
    return (
      <Stack align="flex-start">
        <Text>The clinic console is for clinic staff. Your account doesn’t have staff access.</Text>
        <Anchor component={Link} to={paths.home}>
          Go to your home page
        </Anchor>
      </Stack>
    )
  }
  if (!me.mfa_enabled) {
    return <MfaRequiredPrompt />
  }
  return (
    <Stack gap="lg">
      {me.is_org_admin && (
        <Text>
          <Badge variant="light" mr="xs">
            Organisation admin
          </Badge>
          You can manage every clinic in the network.
        </Text>
      )}
      <Title order={2} size="h3">
        Your clinics
      </Title>
      {me.memberships.length === 0 ? (
        <Text>
          You aren’t linked to a clinic yet. Please ask your organisation’s administrator to add you to your clinic.
        </Text>
      ) : (
        <SimpleGrid component="ul" cols={{ base: 1, sm: 2 }} spacing="md" p={0} m={0} style={{ listStyle: 'none' }}>
          {me.memberships.map((membership) => (
            <ClinicCard key={membership.clinic.slug} membership={membership} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  )
}

function ClinicCard({ membership: { clinic, role } }: { membership: Membership }) {
  return (
    <Card component="li" withBorder padding="lg">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Title order={3} size="h4">
          {clinic.name}
        </Title>
        <Badge variant="light">{ROLE_LABELS[role] ?? role}</Badge>
      </Group>
      <Text size="sm" mt="xs">
        Local time zone: {clinic.timezone}
      </Text>
    </Card>
  )
}
