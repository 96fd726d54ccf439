import { Box, Select, Stack, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { careQueryKeys, getConsents } from '../../lib/careApi'
import { useClinics, useProfile } from '../../lib/portalApi'
import { ConsentDocumentCard } from './ConsentDocumentCard'

const CLINIC_PARAM = 'clinic'

export function ConsentsPage() {
  const clinics = useClinics()
  const [searchParams, setSearchParams] = useSearchParams()
  // With a single clinic there is nothing to choose.
  const onlyClinic = clinics.data?.length === 1 ? clinics.data[0].slug : null
  const clinic = searchParams.get(CLINIC_PARAM) ?? onlyClinic

  return (
    <Box maw={760}>
      <PageTitle>Consent forms</PageTitle>
      <Text mb="lg">
        Before treatment, your clinic asks you to read and sign a few documents. Take your time: you can sign each one
        separately, and come back later.
      </Text>
      <QueryState query={clinics} loading="Loading clinics…" failed="We couldn’t load the clinics" />
      {clinics.data && (
        <Stack gap="lg">
          {clinics.data.length > 1 && (
            <Select
              label="Your clinic"
              description="Each clinic network has its own forms."
              placeholder="Choose your clinic"
              data={clinics.data.map((option) => ({ value: option.slug, label: `${option.name}, ${option.city}` }))}
              value={clinic}
              onChange={(slug) => slug && setSearchParams({ [CLINIC_PARAM]: slug }, { replace: true })}
              allowDeselect={false}
              maw={420}
            />
          )}
          {clinics.data.length === 0 && <Text>There are no clinics taking patients in the portal yet.</Text>}
          {clinic && <ConsentDocuments clinic={clinic} />}
        </Stack>
      )}
    </Box>
  )
}

function ConsentDocuments({ clinic }: { clinic: string }) {
  const consents = useQuery({ queryKey: careQueryKeys.consents(clinic), queryFn: () => getConsents(clinic) })
  const profile = useProfile()

  if (!consents.data) {
    return (
      <QueryState query={consents} loading="Loading your consent forms…" failed="We couldn’t load your consent forms" />
    )
  }
  const { documents, organization } = consents.data
  if (documents.length === 0) {
    return <Text>{organization} has no forms for you to sign at the moment.</Text>
  }
  const signed = documents.filter((document) => !document.needs_signature).length
  return (
    <Stack gap="lg">
      <Text fw={600} role="status">
        {signed === documents.length
          ? `You have signed all ${documents.length} of ${organization}’s forms. Thank you.`
          : `${organization}: ${signed} of ${documents.length} forms signed.`}
      </Text>
      {documents.map((document) => (
        // Keyed by kind: when a newer version replaces the one being signed, the explanation stays on screen.
        <ConsentDocumentCard
          key={document.kind}
          clinic={clinic}
          consent={document}
          legalName={profile.data?.legal_name ?? ''}
        />
      ))}
    </Stack>
  )
}
