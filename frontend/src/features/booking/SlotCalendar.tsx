import '@mantine/dates/styles.css'
import { Alert, Button, Fieldset, Group, Radio, Select, SimpleGrid, Stack, Text, VisuallyHidden } from '@mantine/core'
import { DatePicker } from '@mantine/dates'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { QueryState } from '../../components/QueryState'
import { bookingQueryKeys, getAvailability, type Provider, type Service, type Slot } from '../../lib/bookingApi'
import { addDays, formatCalendarDate, formatTime, todayIn, wallClock, zoneAbbreviation } from '../../lib/time'
import { sameWallClock, timeWithZone } from './bookingTerms'

const ANY_PROVIDER = 'any'

export interface SlotChoice {
  slot: Slot
  /** A provider's user id, or null for "any provider" (the clinic picks one who is free). */
  providerId: string | null
}

interface SlotCalendarProps {
  clinicSlug: string
  clinicName: string
  clinicTimeZone: string
  ownTimeZone: string
  service: Pick<Service, 'slug' | 'horizon_days'>
  value: SlotChoice | null
  onChange: (choice: SlotChoice | null) => void
  /** Moving an appointment: its own time is not a new choice. */
  currentStart?: string
  /** A video visit: where the patient will be (only providers licensed there are offered). */
  visitRegion?: string
}

/** The first day of the month that holds `date` ("2026-03-17" → "2026-03-01"). */
const monthOf = (date: string) => `${date.slice(0, 8)}01`

function lastDayOfMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number)
  return addDays(`${monthNumber === 12 ? year + 1 : year}-${String((monthNumber % 12) + 1).padStart(2, '0')}-01`, -1)
}

function providerName(provider: Provider): string {
  return provider.credentials ? `${provider.display_name}, ${provider.credentials}` : provider.display_name
}

/** Every provider free at some time in the month, once each, by name. */
function providersIn(slots: Slot[]): Provider[] {
  const byId = new Map(slots.flatMap((slot) => slot.providers).map((provider) => [provider.id, provider]))
  return [...byId.values()].sort((a, b) => a.display_name.localeCompare(b.display_name))
}

/**
 * A month of the clinic's free times: days with none are greyed out, and a chosen day lists its times on
 * the clinic's clock, labelled with its zone, with the patient's own time beside each when they differ.
 * The month is asked for at once (at most 31 days, the API's limit), from today to the service's horizon.
 */
export function SlotCalendar({
  clinicSlug,
  clinicName,
  clinicTimeZone,
  ownTimeZone,
  service,
  value,
  onChange,
  currentStart,
  visitRegion,
}: SlotCalendarProps) {
  const today = todayIn(clinicTimeZone)
  const lastBookable = addDays(today, service.horizon_days)
  const [month, setMonth] = useState(monthOf(today))
  const [day, setDay] = useState<string | null>(null)
  const [providerId, setProviderId] = useState<string | null>(value?.providerId ?? null)

  const params = {
    service: service.slug,
    start: month < today ? today : month,
    end: lastDayOfMonth(month) > lastBookable ? lastBookable : lastDayOfMonth(month),
    ...(visitRegion ? { visit_region: visitRegion } : {}),
  }
  const availability = useQuery({
    queryKey: bookingQueryKeys.availability(clinicSlug, params),
    queryFn: () => getAvailability(clinicSlug, params),
    placeholderData: keepPreviousData,
    staleTime: 0,
  })
  const loadedForMonth = availability.isSuccess && !availability.isPlaceholderData
  const allSlots = loadedForMonth ? availability.data.slots.filter((slot) => slot.start !== currentStart) : []
  const providers = providersIn(allSlots)
  const slots = providerId
    ? allSlots.filter((slot) => slot.providers.some((provider) => provider.id === providerId))
    : allSlots
  const daysWithSlots = new Set(slots.map((slot) => wallClock(slot.start, clinicTimeZone).date))
  const firstFreeDay = [...daysWithSlots].sort()[0] ?? null
  const shownDay = day !== null && daysWithSlots.has(day) ? day : firstFreeDay
  const slotsOfDay = slots.filter((slot) => shownDay && wallClock(slot.start, clinicTimeZone).date === shownDay)
  const twoZones = !sameWallClock(clinicTimeZone, ownTimeZone)

  const choose = (slot: Slot | null) => onChange(slot ? { slot, providerId } : null)
  const changeMonth = (next: string) => {
    setMonth(monthOf(next))
    setDay(null)
    onChange(null)
  }

  return (
    <Stack gap="md">
      <Text>
        Times are shown in {clinicName}’s time ({clinicTimeZone.replace(/_/g, ' ')}).
        {twoZones && ` Your own time (${zoneAbbreviation(ownTimeZone)}) is shown beside each.`}
      </Text>
      <Select
        label="Provider"
        description="Any provider shows every free time."
        data={[
          { value: ANY_PROVIDER, label: 'Any provider' },
          ...providers.map((provider) => ({ value: provider.id, label: providerName(provider) })),
        ]}
        value={providerId ?? ANY_PROVIDER}
        onChange={(next) => {
          setProviderId(next && next !== ANY_PROVIDER ? next : null)
          onChange(null)
        }}
        allowDeselect={false}
        maw={400}
      />
      <Group align="flex-start" gap="xl" wrap="wrap">
        <DatePicker
          value={shownDay}
          onChange={(next) => {
            setDay(next)
            onChange(null)
          }}
          date={month}
          onDateChange={changeMonth}
          minDate={today}
          maxDate={lastBookable}
          excludeDate={(date) => !daysWithSlots.has(date)}
          getDayAriaLabel={(date) =>
            `${formatCalendarDate(date)}${daysWithSlots.has(date) ? ', free times' : ', no free times'}`
          }
          ariaLabels={{ previousMonth: 'Previous month', nextMonth: 'Next month', monthLevelControl: 'Choose a month' }}
          maxLevel="month"
          size="md"
          hideOutsideDates
        />
        <Stack gap="sm" style={{ flex: '1 1 260px' }}>
          {/* A short summary for screen readers rather than reading out every time when the day changes. */}
          <VisuallyHidden role="status">
            {shownDay && slotsOfDay.length > 0
              ? `${slotsOfDay.length} free ${slotsOfDay.length === 1 ? 'time' : 'times'} on ${formatCalendarDate(shownDay)}`
              : ''}
          </VisuallyHidden>
          <QueryState query={availability} loading="Finding free times…" failed="We couldn’t load the free times" />
          {availability.isFetching && availability.isPlaceholderData && <Text role="status">Finding free times…</Text>}
          {loadedForMonth && slots.length === 0 && (
            <Alert variant="light" color="gray" title="No free times this month">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  {providerId ? 'This provider has no free times this month. ' : ''}Try the next month
                  {providerId ? ' or any provider' : ''}.
                </Text>
                {lastDayOfMonth(month) < lastBookable && (
                  <Button variant="default" onClick={() => changeMonth(addDays(lastDayOfMonth(month), 1))}>
                    Show next month
                  </Button>
                )}
              </Stack>
            </Alert>
          )}
          {shownDay && slotsOfDay.length > 0 && (
            <Fieldset legend={`Free times on ${formatCalendarDate(shownDay)}`} variant="unstyled">
              <Radio.Group
                value={value?.slot.start ?? null}
                onChange={(start) => choose(slotsOfDay.find((slot) => slot.start === start) ?? null)}
              >
                <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs" mt="xs">
                  {slotsOfDay.map((slot) => (
                    <Radio.Card key={slot.start} value={slot.start} p="sm" radius="md" mih={48}>
                      <Text fw={600}>
                        {formatTime(slot.start, clinicTimeZone)} {slot.clinic_time.abbreviation}
                      </Text>
                      {twoZones && (
                        <Text size="sm" c="dimmed">
                          {timeWithZone(slot.start, ownTimeZone, shownDay)} your time
                        </Text>
                      )}
                    </Radio.Card>
                  ))}
                </SimpleGrid>
              </Radio.Group>
            </Fieldset>
          )}
        </Stack>
      </Group>
    </Stack>
  )
}
