/** Booking: services, free times, appointments, series, video visits, and paying at booking. */
import { useQuery } from '@tanstack/react-query'
import { callApi, type Schemas } from './api'
import { ApiError } from './http'

// The output serializer always sends every field; the schema marks the model's defaulted ones optional.
export type Service = Required<Schemas['ServiceOutput']>
export type ServiceKind = Service['kind']
export type Availability = Schemas['AvailabilityOutput']
export type Slot = Schemas['SlotOutput']
export type Provider = Schemas['ProviderOutput']
export type WallClock = Schemas['WallClockOutput']
export type Appointment = Schemas['AppointmentOutput']
export type AppointmentStatus = Appointment['status']
export type CancellationQuote = Schemas['CancellationQuoteOutput']
export type JoinLink = Schemas['JoinOutput']
export type SeriesProposal = Schemas['SeriesProposalOutput']
export type ProposedSession = Schemas['ProposedSessionOutput']
export type Series = Schemas['SeriesOutput']
export type PaymentsInfo = Schemas['ClinicPaymentsInfoOutput']
export type Payment = Schemas['PaymentOutput']
export type Checkout = Schemas['CheckoutOutput']
export type Escort = Schemas['EscortOutput']
export type EscortChanges = Schemas['EscortInputRequest']

/** Dosing sessions and boosters give a dose: the care pathway gates them and they need an escort. */
export const DOSE_KINDS: readonly ServiceKind[] = ['dosing', 'booster']

export const isDose = (kind: string) => (DOSE_KINDS as readonly string[]).includes(kind)

export const bookingQueryKeys = {
  all: ['booking'] as const,
  services: (clinic: string) => ['booking', 'services', clinic] as const,
  availability: (clinic: string, params: AvailabilityParams) => ['booking', 'availability', clinic, params] as const,
  paymentsInfo: (clinic: string) => ['booking', 'payments-info', clinic] as const,
  appointments: (upcoming: boolean) => ['booking', 'appointments', { upcoming }] as const,
  appointment: (id: string) => ['booking', 'appointment', id] as const,
  cancellationQuote: (id: string) => ['booking', 'cancellation-quote', id] as const,
  seriesProposal: (clinic: string, params: ProposalParams) => ['booking', 'series-proposal', clinic, params] as const,
  escort: ['care', 'escort'] as const,
  rideHome: (id: string) => ['booking', 'ride-home', id] as const,
}

export interface AvailabilityParams {
  service: string
  start: string
  end: string
  provider?: string
  /** A video visit: where the patient will be (the providers offered are licensed there). */
  visit_region?: string
}

export interface ProposalParams {
  service: string
  start: string
  sessions?: number
  within_days?: number
  time?: string
}

/** The patient's appointment list is short; one page of the largest size holds a few years of visits. */
const APPOINTMENTS_PAGE_SIZE = 200

export const getServices = (clinic: string) =>
  callApi('get', '/api/v1/clinics/{clinic_slug}/services', { path: { clinic_slug: clinic } }).then(
    (services) => services as Service[],
  )

export const getAvailability = (clinic: string, params: AvailabilityParams) =>
  callApi('get', '/api/v1/clinics/{clinic_slug}/availability', { path: { clinic_slug: clinic }, query: params })

export const getPaymentsInfo = (clinic: string) =>
  callApi('get', '/api/v1/clinics/{clinic_slug}/payment-policy', { path: { clinic_slug: clinic } })

export const getAppointments = (upcoming: boolean) =>
  callApi('get', '/api/v1/appointments', { query: { upcoming, page_size: APPOINTMENTS_PAGE_SIZE } }).then(
    (page) => page.results,
  )

export const getAppointment = (id: string) =>
  callApi('get', '/api/v1/appointments/{appointment_id}', { path: { appointment_id: id } })

export interface BookingRequest {
  clinic: string
  service: string
  start: string
  provider?: string
  will_not_drive?: boolean
  visit_region?: string
}

/** The same `idempotencyKey` for a retried confirmation returns the first booking instead of a second one. */
export const bookAppointment = (booking: BookingRequest, idempotencyKey: string) =>
  callApi('post', '/api/v1/appointments', {
    // A patient never asks for a hold: the API holds the time by itself when the clinic takes payment.
    body: { hold: false, will_not_drive: false, visit_region: '', ...booking },
    headers: { 'Idempotency-Key': idempotencyKey },
  })

export const rescheduleAppointment = (id: string, move: { start: string; provider?: string }) =>
  callApi('patch', '/api/v1/appointments/{appointment_id}', { path: { appointment_id: id }, body: move })

/** Cancels, accepting the refund and fee of the quote the patient was shown (the API refuses other terms). */
export const cancelAppointment = (
  id: string,
  reason: string,
  accepted: Pick<CancellationQuote, 'refund_cents' | 'fee_cents'>,
) =>
  callApi('post', '/api/v1/appointments/{appointment_id}/transitions', {
    path: { appointment_id: id },
    body: {
      status: 'cancelled',
      reason,
      accepted_quote: { refund_cents: accepted.refund_cents, fee_cents: accepted.fee_cents },
    },
  })

export const getCancellationQuote = (id: string) =>
  callApi('get', '/api/v1/appointments/{appointment_id}/cancellation-quote', { path: { appointment_id: id } })

/** The video room's link, once the patient has said where they are right now (`region`). */
export const joinVideoVisit = (id: string, region: string) =>
  callApi('post', '/api/v1/appointments/{appointment_id}/join', { path: { appointment_id: id }, body: { region } })

export const getAppointmentPayments = (id: string) =>
  callApi('get', '/api/v1/appointments/{appointment_id}/payments', { path: { appointment_id: id } })

export const getSeriesProposal = (clinic: string, params: ProposalParams) =>
  callApi('get', '/api/v1/clinics/{clinic_slug}/series-proposal', { path: { clinic_slug: clinic }, query: params })

export interface SeriesRequest {
  clinic: string
  service: string
  sessions: { start: string; provider?: string }[]
  within_days: number
  will_not_drive: boolean
}

export const bookSeries = (series: SeriesRequest, idempotencyKey: string) =>
  callApi('post', '/api/v1/series', { body: series, headers: { 'Idempotency-Key': idempotencyKey } })

export const startCheckout = (paymentId: string) =>
  callApi('post', '/api/v1/payments/{payment_id}/checkout', {
    path: { payment_id: paymentId },
    // Keeping the card for fees is a separate consent, not asked for while booking.
    body: { save_card: false, consent_text_version: '' },
  })

export const confirmPayment = (paymentId: string) =>
  callApi('post', '/api/v1/payments/{payment_id}/confirmation', { path: { payment_id: paymentId } })

/** The patient's escort, or null before they have named one. */
export async function getEscort(): Promise<Escort | null> {
  try {
    return await callApi('get', '/api/v1/escort')
  } catch (error) {
    if (error instanceof ApiError && error.code === 'no_escort') {
      return null
    }
    throw error
  }
}

export const saveEscort = (escort: EscortChanges) => callApi('put', '/api/v1/escort', { body: escort })

export type RideHome = Schemas['RideHomeOutput']
export type RideHomeAnswer = Schemas['RideHomeInputRequest']

export const getRideHome = (id: string) =>
  callApi('get', '/api/v1/appointments/{appointment_id}/ride-home', { path: { appointment_id: id } })

export const answerRideHome = (id: string, answer: RideHomeAnswer) =>
  callApi('put', '/api/v1/appointments/{appointment_id}/ride-home', { path: { appointment_id: id }, body: answer })

/** The .ics file of one appointment: a plain link, since the browser sends the session cookie with it. */
export const calendarFileUrl = (id: string) => `/api/v1/appointments/${encodeURIComponent(id)}/calendar.ics`

export const useServices = (clinic: string | null) =>
  useQuery({
    queryKey: bookingQueryKeys.services(clinic ?? ''),
    queryFn: () => getServices(clinic ?? ''),
    enabled: clinic !== null,
    staleTime: 5 * 60_000,
  })

export const usePaymentsInfo = (clinic: string | null) =>
  useQuery({
    queryKey: bookingQueryKeys.paymentsInfo(clinic ?? ''),
    queryFn: () => getPaymentsInfo(clinic ?? ''),
    enabled: clinic !== null,
    staleTime: 5 * 60_000,
  })

export const useAppointments = (upcoming: boolean) =>
  useQuery({ queryKey: bookingQueryKeys.appointments(upcoming), queryFn: () => getAppointments(upcoming) })

export const useAppointment = (id: string) =>
  useQuery({ queryKey: bookingQueryKeys.appointment(id), queryFn: () => getAppointment(id) })

export const useEscort = () => useQuery({ queryKey: bookingQueryKeys.escort, queryFn: getEscort })

export const useRideHome = (id: string, enabled: boolean) =>
  useQuery({ queryKey: bookingQueryKeys.rideHome(id), queryFn: () => getRideHome(id), enabled })

/** A fresh key for one attempt to confirm: a double click or a retry of the same attempt reuses it. */
export const newIdempotencyKey = () => crypto.randomUUID()
