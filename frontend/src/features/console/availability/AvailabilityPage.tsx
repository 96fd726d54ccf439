import { Tabs, Text } from '@mantine/core'
import { useSearchParams } from 'react-router'
import { PageTitle } from '../../../components/PageTitle'
import { useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { zoneAbbreviation } from '../../../lib/time'
import { useAvailabilitySettings } from './availabilityApi'
import { ChairsTab } from './ChairsTab'
import { ClosuresTab } from './ClosuresTab'
import { OverridesTab } from './OverridesTab'
import { ProvidersTab } from './ProvidersTab'
import { ServicesTab } from './ServicesTab'
import { WeeklyHoursTab } from './WeeklyHoursTab'

const TABS = [
  { value: 'hours', label: 'Weekly hours' },
  { value: 'time-off', label: 'Time off & extra hours' },
  { value: 'closures', label: 'Closures' },
  { value: 'chairs', label: 'Chairs' },
  { value: 'services', label: 'Services & prices' },
  { value: 'providers', label: 'Providers & licences' },
] as const

type Tab = (typeof TABS)[number]['value']

/** What can be booked at the clinic: providers' hours, time off, shares and licences; closures, chairs and services. */
export function AvailabilityPage() {
  const clinic = useConsoleClinic()
  const settings = useAvailabilitySettings(clinic.slug)
  const [params, setParams] = useSearchParams()
  const tab: Tab = TABS.find((option) => option.value === params.get('tab'))?.value ?? 'hours'
  const zoneLabel = `${clinic.timezone} (${zoneAbbreviation(clinic.timezone)})`

  return (
    <>
      <PageTitle>Availability</PageTitle>
      <QueryState query={settings} loading="Loading availability…" failed="We couldn’t load the availability" />
      {settings.data && (
        <>
          <Text size="sm" mb="sm">
            {settings.data.may_edit_clinic
              ? 'You can change everything here. A change that would leave booked appointments outside the hours is refused and lists them.'
              : settings.data.role === 'provider'
                ? 'You can change your own hours and time off; a clinic admin changes the rest.'
                : 'Read only: a clinic admin or the provider makes changes.'}
          </Text>
          <Tabs
            value={tab}
            onChange={(next) => next && setParams({ tab: next }, { replace: true })}
            keepMounted={false}
          >
            <Tabs.List mb="md">
              {TABS.map((option) => (
                <Tabs.Tab key={option.value} value={option.value}>
                  {option.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="hours">
              <WeeklyHoursTab providers={settings.data.providers} zoneLabel={zoneLabel} />
            </Tabs.Panel>
            <Tabs.Panel value="time-off">
              <OverridesTab providers={settings.data.providers} zoneLabel={zoneLabel} />
            </Tabs.Panel>
            <Tabs.Panel value="closures">
              <ClosuresTab mayEdit={settings.data.may_edit_clinic} />
            </Tabs.Panel>
            <Tabs.Panel value="chairs">
              <ChairsTab mayEdit={settings.data.may_edit_clinic} />
            </Tabs.Panel>
            <Tabs.Panel value="services">
              <ServicesTab mayEdit={settings.data.may_edit_clinic} />
            </Tabs.Panel>
            <Tabs.Panel value="providers">
              <ProvidersTab mayEdit={settings.data.may_edit_clinic} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </>
  )
}
