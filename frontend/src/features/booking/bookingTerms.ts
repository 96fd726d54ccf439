/** Plain words for the booking API's codes, money and times in two zones. */
import { generatePath } from 'react-router'
import { paths } from '../../app/paths'
import type { AppointmentStatus, Service, Slot } from '../../lib/bookingApi'
import { deviceTimeZone } from '../patient/locationOptions'
import { formatDateTime, formatTime, wallClock, zoneAbbreviation } from '../../lib/time'

/** The patient's own zone: the one in their profile, or else the browser's. */
export function patientTimeZone(profileZone: string | null | undefined): string {
  return profileZone || deviceTimeZone()
}

/** Whether two zones read the same wall clock at `at` (e.g. America/Denver and America/Boise). */
export function sameWallClock(zoneA: string, zoneB: string, at: string | Date = new Date()): boolean {
  return formatDateTime(at, zoneA) === formatDateTime(at, zoneB)
}

/**
 * "Tue, Mar 10, 9:00 AM MDT", and when the patient lives elsewhere, their own time beside it:
 * "(11:00 AM EDT your time)". The clinic's time is the one the appointment is kept in.
 */
export function timeInBothZones(instant: string, clinicZone: string, ownZone: string) {
  const clinic = formatDateTime(instant, clinicZone)
  const own = sameWallClock(clinicZone, ownZone, instant) ? null : formatDateTime(instant, ownZone)
  return { clinic, own }
}

/** "11:00 AM EDT" for a slot's patient-time label; "Wed 1:00 AM" when it falls on another day there. */
export function timeWithZone(instant: string, timeZone: string, clinicDate: string): string {
  const time = `${formatTime(instant, timeZone)} ${zoneAbbreviation(timeZone, instant)}`
  if (wallClock(instant, timeZone).date === clinicDate) return time
  const weekday = new Date(instant).toLocaleDateString('en-US', { timeZone, weekday: 'short' })
  return `${weekday} ${time}`
}

const CURRENCY_FORMATTERS = new Map<string, Intl.NumberFormat>()

/** Integer cents as money: "$120.00". */
export function formatMoney(cents: number, currency: string): string {
  let formatter = CURRENCY_FORMATTERS.get(currency)
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency })
    CURRENCY_FORMATTERS.set(currency, formatter)
  }
  return formatter.format(cents / 100)
}

export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${rest} minutes`
  const hourWords = hours === 1 ? '1 hour' : `${hours} hours`
  return rest === 0 ? hourWords : `${hourWords} ${rest} minutes`
}

export const MODALITY_LABELS: Record<Service['modality'], string> = {
  telehealth: 'Video visit',
  in_person: 'At the clinic',
}

export const STATUS_LABELS: Record<AppointmentStatus, { label: string; color: string }> = {
  held: { label: 'Waiting for payment', color: 'yellow' },
  confirmed: { label: 'Confirmed', color: 'evergreen' },
  checked_in: { label: 'Checked in', color: 'evergreen' },
  completed: { label: 'Completed', color: 'blue' },
  no_show: { label: 'Missed', color: 'gray' },
  cancelled: { label: 'Cancelled', color: 'gray' },
}

/** Statuses in which the patient may still cancel or move an appointment online. */
export const CHANGEABLE_STATUSES: readonly AppointmentStatus[] = ['held', 'confirmed']

/** What a care-pathway blocker asks the patient to do, and where. */
export const BLOCKER_ACTIONS: Record<string, { label: string; to: string }> = {
  intake_required: { label: 'Complete your intake', to: paths.intake },
  consent_required: { label: 'Read and sign the consent forms', to: paths.consents },
  phq9_required: { label: 'Take a mood check-in (PHQ-9)', to: generatePath(paths.checkIn, { instrument: 'phq9' }) },
  patient_profile_required: { label: 'Complete your details', to: paths.profile },
  region_required: { label: 'Add your home state or region', to: paths.profile },
}

/** Google Maps directions to a clinic's street address (no account needed, opens the phone's maps app). */
export function directionsUrl(address: string): string {
  return `https://www.google.com/maps/dir/?${new URLSearchParams({ api: '1', destination: address })}`
}

/** The provider the patient chose for a slot, or "Any available provider". */
export function providerLabel(choice: { slot: Slot; providerId: string | null }): string {
  const provider = choice.slot.providers.find((candidate) => candidate.id === choice.providerId)
  if (!provider) return 'Any available provider'
  return provider.credentials ? `${provider.display_name}, ${provider.credentials}` : provider.display_name
}
