import { Button, Group, SegmentedControl, Stack, Switch, Text, Title } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useHotkeys } from '@mantine/hooks'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { PageTitle } from '../../../components/PageTitle'
import { useSchedule, type Schedule } from '../api'
import { useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { STATUS_ORDER } from '../appointmentStatus'
import { StatusLegend } from '../components/StatusBadge'
import { addDays, formatCalendarDate, isCalendarDate, startOfWeek, todayIn, wallClock } from '../../../lib/time'
import { AppointmentDrawer } from './AppointmentDrawer'
import { BookingDialog } from './BookingDialog'
import { DayGrid } from './DayGrid'
import { dayColumns, visibleRange, weekRows } from './scheduleModel'
import { WeekTable } from './WeekTable'

type View = 'day' | 'week'

/** The schedule's view, date and open appointment live in the URL, so a link shows the same screen. */
function useScheduleParams(timeZone: string) {
  const [params, setParams] = useSearchParams()
  const view: View = params.get('view') === 'week' ? 'week' : 'day'
  const requested = params.get('date')
  const date = isCalendarDate(requested) ? requested : todayIn(timeZone)
  const first = view === 'week' ? startOfWeek(date) : date

  const update = (changes: Record<string, string | null>, replace = true) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key)
          else next.set(key, value)
        }
        return next
      },
      { replace },
    )

  return {
    view,
    date,
    first,
    days: view === 'week' ? 7 : 1,
    appointmentId: params.get('appointment'),
    showCancelled: params.get('cancelled') === '1',
    setShowCancelled: (show: boolean) => update({ cancelled: show ? '1' : null }),
    setView: (next: View) => update({ view: next }),
    setDate: (next: string) => update({ date: next }),
    showDay: (day: string) => update({ view: 'day', date: day }),
    openAppointment: (id: string | null) => update({ appointment: id }, false),
  }
}

export function SchedulePage() {
  const clinic = useConsoleClinic()
  const zone = clinic.timezone
  const {
    view,
    date,
    first,
    days,
    appointmentId,
    showCancelled,
    setShowCancelled,
    setView,
    setDate,
    showDay,
    openAppointment,
  } = useScheduleParams(zone)
  const [booking, setBooking] = useState(false)
  const schedule = useSchedule(clinic.slug, first, days, showCancelled)
  const step = (direction: 1 | -1) => setDate(addDays(date, direction * days))

  useHotkeys([
    ['shift+ArrowLeft', () => step(-1)],
    ['shift+ArrowRight', () => step(1)],
  ])

  const dates = Array.from({ length: days }, (_, index) => addDays(first, index))
  const heading =
    view === 'day'
      ? formatCalendarDate(date, { year: 'numeric' })
      : `Week of ${formatCalendarDate(first, { weekday: undefined })} to ${formatCalendarDate(dates[6], { weekday: undefined, year: 'numeric' })}`
  const unit = view === 'day' ? 'day' : 'week'

  return (
    <>
      <PageTitle>Schedule</PageTitle>
      <Stack gap="sm">
        <Group gap="xs" align="flex-end" wrap="wrap">
          <SegmentedControl
            aria-label="View"
            value={view}
            onChange={(next) => setView(next as View)}
            data={[
              { value: 'day', label: 'Day' },
              { value: 'week', label: 'Week' },
            ]}
          />
          <Button variant="default" onClick={() => step(-1)}>
            Previous {unit}
          </Button>
          <Button variant="default" onClick={() => setDate(todayIn(zone))}>
            Today
          </Button>
          <Button variant="default" onClick={() => step(1)}>
            Next {unit}
          </Button>
          <DatePickerInput
            label="Go to date"
            value={date}
            onChange={(next) => next && setDate(next)}
            valueFormat="ddd, MMM D, YYYY"
            w={190}
          />
          <Button onClick={() => setBooking(true)} ml={{ sm: 'auto' }}>
            Book an appointment
          </Button>
        </Group>
        <Group justify="space-between" align="baseline" wrap="wrap" gap="xs">
          <Title order={2} size="h3">
            {heading}
          </Title>
          <Text size="xs">Shift + ← / → moves a {unit}.</Text>
        </Group>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <StatusLegend
            statuses={showCancelled ? STATUS_ORDER : STATUS_ORDER.filter((status) => status !== 'cancelled')}
          />
          <Switch
            label="Show cancelled"
            checked={showCancelled}
            onChange={(event) => setShowCancelled(event.currentTarget.checked)}
          />
        </Group>
        <QueryState query={schedule} loading="Loading the schedule…" failed="We couldn’t load the schedule" />
        {schedule.data && view === 'day' && (
          <ScheduleDay schedule={schedule.data} date={date} heading={heading} onOpen={openAppointment} />
        )}
        {schedule.data && view === 'week' && (
          <WeekTable
            columns={dayColumns(schedule.data, first)}
            rows={weekRows(schedule.data, dates)}
            timeZone={zone}
            weekLabel={heading}
            onOpen={openAppointment}
            onShowDay={showDay}
          />
        )}
      </Stack>
      <AppointmentDrawer appointmentId={appointmentId} onClose={() => openAppointment(null)} />
      <BookingDialog
        opened={booking}
        onClose={() => setBooking(false)}
        initialDate={date}
        onBooked={(appointment) => setDate(wallClock(appointment.start, zone).date)}
      />
    </>
  )
}

function ScheduleDay({
  schedule,
  date,
  heading,
  onOpen,
}: {
  schedule: Schedule
  date: string
  heading: string
  onOpen: (id: string) => void
}) {
  const columns = dayColumns(schedule, date)
  const booked = columns.some((column) => column.entries.length > 0)
  return (
    <>
      {!booked && <Text size="sm">Nothing is booked on this day.</Text>}
      <DayGrid
        columns={columns}
        range={visibleRange(columns)}
        timeZone={schedule.timezone}
        dateLabel={heading}
        onOpen={onOpen}
      />
    </>
  )
}
