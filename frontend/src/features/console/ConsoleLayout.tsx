import { Anchor, Badge, Button, Group, Select, Stack, Text, VisuallyHidden } from '@mantine/core'
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { LoadingState } from '../../components/LoadingState'
import { MfaRequiredPrompt } from '../../components/MfaRequiredPrompt'
import { PageTitle } from '../../components/PageTitle'
import { secondFactorMissing, useMe } from '../../lib/portalApi'
import { useOpenAlerts } from './api'
import {
  ConsoleClinicContext,
  mayReadReports,
  mayShareSummaries,
  roleLabel,
  staffClinics,
  type ConsoleClinic,
} from './clinics'
import { CONSOLE_SECTIONS, sectionOf } from './consolePaths'
import { zoneAbbreviation } from '../../lib/time'
import { useIdleSignOut } from './useIdleSignOut'
import { ApiErrorAlert } from '../../components/ErrorAlert'

/** The frame of every console page: the clinic switcher, the clinic's time zone, and the console's menu. */
export function ConsoleLayout() {
  const { clinicSlug = '' } = useParams()
  const me = useMe()
  useIdleSignOut()

  if (me.isPending) {
    return <LoadingState label="Loading your clinics…" />
  }
  if (me.isError) {
    return (
      <>
        <PageTitle>Clinic console</PageTitle>
        <ApiErrorAlert title="We couldn’t load your clinics" error={me.error} onRetry={() => void me.refetch()} />
      </>
    )
  }
  if (!me.data.is_staff_member) {
    return (
      <>
        <PageTitle>Clinic console</PageTitle>
        <Text>The clinic console is for clinic staff. Your account doesn’t have staff access.</Text>
      </>
    )
  }
  if (secondFactorMissing(me.data)) {
    return (
      <>
        <PageTitle>Clinic console</PageTitle>
        <MfaRequiredPrompt />
      </>
    )
  }

  const clinics = staffClinics(me.data)
  const clinic = clinics.find((candidate) => candidate.slug === clinicSlug)
  if (!clinic) {
    return <NotYourClinic clinics={clinics} />
  }
  return (
    <ConsoleClinicContext.Provider value={clinic}>
      <ConsoleHeader clinic={clinic} clinics={clinics} canEditLibrary={me.data.can_edit_library} />
      <Outlet />
    </ConsoleClinicContext.Provider>
  )
}

/** Another clinic's address (or a mistyped one) says only that it is not among the person's clinics. */
function NotYourClinic({ clinics }: { clinics: ConsoleClinic[] }) {
  return (
    <Stack align="flex-start">
      <PageTitle>Clinic not found</PageTitle>
      <Text>This clinic isn’t one of yours, or the link is mistyped.</Text>
      {clinics.length > 0 && (
        <Stack component="ul" gap={4} pl="md" m={0}>
          {clinics.map((clinic) => (
            <li key={clinic.slug}>
              <Anchor component={Link} to={`/clinic/${clinic.slug}/schedule`}>
                {clinic.name}
              </Anchor>
            </li>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to={paths.clinicConsole}>
        Go to the clinic console
      </Anchor>
    </Stack>
  )
}

const LIBRARY_ADMIN = '/admin/education/article/'

/** The menu at one clinic: the reports, API keys and webhooks only where the person administers it,
 * the outside care team's summaries only for its clinicians and admins. */
function sectionsAt(clinic: ConsoleClinic) {
  return CONSOLE_SECTIONS.filter((item) => {
    if ('forAdmins' in item) return mayReadReports(clinic)
    if ('forClinicians' in item) return mayShareSummaries(clinic)
    return true
  })
}

interface ConsoleHeaderProps {
  clinic: ConsoleClinic
  clinics: ConsoleClinic[]
  canEditLibrary: boolean
}

function ConsoleHeader({ clinic, clinics, canEditLibrary }: ConsoleHeaderProps) {
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const section = sectionOf(pathname)
  const openAlerts = useOpenAlerts(clinic.slug)
  const openCount = openAlerts.data?.count ?? 0

  const switchClinic = (slug: string | null) => {
    const next = clinics.find((candidate) => candidate.slug === slug)
    if (next) {
      const sections = sectionsAt(next)
      const target = sections.find((candidate) => candidate.segment === section) ?? sections[0]
      navigate(target.path(next.slug))
    }
  }

  return (
    <Stack gap="sm" mb="lg" pb="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Select
          label="Clinic"
          data={clinics.map((option) => ({ value: option.slug, label: `${option.name} · ${option.timezone}` }))}
          value={clinic.slug}
          onChange={switchClinic}
          allowDeselect={false}
          checkIconPosition="right"
          w={{ base: '100%', xs: 340 }}
        />
        <Group gap="xs" pb={6}>
          <Text size="sm">
            Times shown in the clinic’s zone: <strong>{clinic.timezone}</strong> ({zoneAbbreviation(clinic.timezone)})
          </Text>
          <Badge variant="light" tt="none">
            {roleLabel(clinic)}
          </Badge>
        </Group>
      </Group>
      <Group component="nav" aria-label="Clinic console" gap={4} wrap="wrap">
        {sectionsAt(clinic).map((item) => {
          const current = item.segment === section
          return (
            <Button
              key={item.segment}
              component={Link}
              to={item.path(clinic.slug)}
              variant={current ? 'filled' : 'subtle'}
              size="compact-md"
              aria-current={current ? 'page' : undefined}
              rightSection={
                item.segment === 'alerts' && openCount > 0 ? (
                  <Badge color="red.9" size="sm" circle={openCount < 10}>
                    <span aria-hidden>{openCount}</span>
                    <VisuallyHidden>{`, ${openCount} open`}</VisuallyHidden>
                  </Badge>
                ) : undefined
              }
            >
              {item.label}
            </Button>
          )
        })}
        {canEditLibrary && (
          // Articles are written and previewed in the admin site, a separate (server-rendered) page.
          <Button component="a" href={LIBRARY_ADMIN} variant="subtle" size="compact-md">
            Edit the library (admin site)
          </Button>
        )}
      </Group>
    </Stack>
  )
}
