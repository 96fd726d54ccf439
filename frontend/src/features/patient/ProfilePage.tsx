import { Box, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { PageTitle } from '../../components/PageTitle'
import { getProfile, portalQueryKeys } from '../../lib/portalApi'
import { ProfileForm } from './ProfileForm'

export function ProfilePage() {
  const profile = useQuery({ queryKey: portalQueryKeys.profile, queryFn: getProfile })

  return (
    <Box maw={640}>
      <PageTitle>Your details</PageTitle>
      <Text mb="lg">
        Your care team uses these details to contact you and to reach someone you trust in an emergency.
      </Text>
      {profile.isPending && <LoadingState label="Loading your details…" />}
      {profile.isError && (
        <ApiErrorAlert
          title="We couldn’t load your details"
          error={profile.error}
          onRetry={() => void profile.refetch()}
        />
      )}
      {profile.data && <ProfileForm profile={profile.data} />}
    </Box>
  )
}
