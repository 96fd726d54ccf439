import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { MfaRequiredPrompt } from '../../components/MfaRequiredPrompt'
import { PageTitle } from '../../components/PageTitle'
import { secondFactorMissing, useMe, type Me } from '../../lib/portalApi'
import { roleLabel, staffClinics, type ConsoleClinic } from '../console/clinics'
import { consolePaths } from '../console/consolePaths'

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
  if (secondFactorMissing(me)) {
    return <MfaRequiredPrompt />
  }
  return <StaffClinics me={me} />
}

function StaffClinics({ me }: { me: Me }) {
  const clinics = staffClinics(me)
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
      {clinics.length === 0 ? (
        <Text>
          You aren’t linked to a clinic yet. Please ask your organisation’s administrator to add you to your clinic.
        </Text>
      ) : (
        <SimpleGrid component="ul" cols={{ base: 1, sm: 2 }} spacing="md" p={0} m={0} style={{ listStyle: 'none' }}>
          {clinics.map((clinic) => (
            <ClinicCard key={clinic.slug} clinic={clinic} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  )
}

function ClinicCard({ clinic }: { clinic: ConsoleClinic }) {
  return (
    <Card component="li" withBorder padding="lg">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Title order={3} size="h4">
          <Anchor component={Link} to={consolePaths.schedule(clinic.slug)} inherit>
            {clinic.name}
          </Anchor>
        </Title>
        <Badge variant="light">{roleLabel(clinic)}</Badge>
      </Group>
      <Text size="sm" mt="xs">
        Local time zone: {clinic.timezone}
      </Text>
      <Group gap="md" mt="xs">
        <Anchor component={Link} to={consolePaths.patients(clinic.slug)} size="sm">
          Patients
        </Anchor>
        <Anchor component={Link} to={consolePaths.alerts(clinic.slug)} size="sm">
          Safety alerts
        </Anchor>
      </Group>
    </Card>
  )
}
