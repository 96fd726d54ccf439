import type { Appointment, CancellationQuote, Checkout, Payment, Service, Slot } from '../lib/bookingApi'
import type { Clinic } from '../lib/portalApi'

export const denverClinic: Clinic = {
  slug: 'denver',
  name: 'Evergreen Denver',
  organization: 'Evergreen Ketamine Care',
  address_line1: '100 Colfax Avenue',
  city: 'Denver',
  region: 'US-CO',
  postal_code: '80202',
  phone: '+13035550100',
  timezone: 'America/Denver',
}

export function service(overrides: Partial<Service> = {}): Service {
  return {
    slug: 'consultation',
    name: 'Initial consultation',
    kind: 'consultation',
    modality: 'telehealth',
    route: '',
    duration_minutes: 60,
    recovery_minutes: 0,
    minimum_notice_minutes: 1440,
    horizon_days: 60,
    cancellation_window_hours: 24,
    slot_step_minutes: 30,
    price_cents: 0,
    currency: 'USD',
    needs_chair: false,
    ...overrides,
  }
}

export const ivDosing = service({
  slug: 'iv-dosing',
  name: 'IV infusion session',
  kind: 'dosing',
  modality: 'in_person',
  route: 'iv_infusion',
  duration_minutes: 40,
  recovery_minutes: 60,
  price_cents: 45000,
  needs_chair: true,
})

export const drLee = { id: '11111111-1111-4111-8111-111111111111', display_name: 'Dr. Ana Lee', credentials: 'MD' }
export const drPark = { id: '22222222-2222-4222-8222-222222222222', display_name: 'Sam Park', credentials: 'NP' }

/** A free time at `start` (UTC), read on Denver's clock. */
export function slot(start: string, local: string, abbreviation = 'MST', providers = [drLee]): Slot {
  return {
    start,
    clinic_time: { local, utc_offset: abbreviation === 'MST' ? '-07:00' : '-06:00', abbreviation },
    viewer_time: null,
    providers,
    chairs_free: null,
  }
}

export function appointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    status: 'confirmed',
    clinic: { slug: denverClinic.slug, name: denverClinic.name, timezone: denverClinic.timezone },
    service: {
      slug: 'consultation',
      name: 'Initial consultation',
      kind: 'consultation',
      modality: 'telehealth',
      route: '',
    },
    provider: drLee,
    patient: { id: '33333333-3333-4333-8333-333333333333', display_name: 'Sam Rivera' },
    chair: null,
    series: null,
    start: '2026-12-10T16:00:00Z',
    end: '2026-12-10T17:00:00Z',
    visit_end: '2026-12-10T17:00:00Z',
    clinic_time: { local: '2026-12-10T09:00', utc_offset: '-07:00', abbreviation: 'MST' },
    patient_time: null,
    hold_expires_at: null,
    cancelled_at: null,
    cancelled_by: '',
    cancellation_reason: '',
    patient_may_change_until: '2026-12-09T16:00:00Z',
    is_telehealth: true,
    visit_region: 'US-CO',
    room_opens_at: '2026-12-10T15:45:00Z',
    ...overrides,
  }
}

export function quote(overrides: Partial<CancellationQuote> = {}): CancellationQuote {
  return {
    appointment: appointment().id,
    payment_mode: 'stripe',
    allowed: true,
    late: false,
    window_starts_at: '2026-12-09T16:00:00Z',
    window_starts_clinic_time: { local: '2026-12-09T09:00', utc_offset: '-07:00', abbreviation: 'MST' },
    currency: 'USD',
    paid_cents: 0,
    refund_cents: 0,
    kept_cents: 0,
    fee_cents: 0,
    fee_collection: '',
    message: 'Cancelling now is free.',
    reschedule_allowed: true,
    reschedule_message: 'Moving it is free.',
    ...overrides,
  }
}

/** The payment at booking of `appointment()`, waiting for the patient's card. */
export function payment(overrides: Partial<Payment> = {}): Payment {
  return {
    id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
    kind: 'booking',
    description: 'Payment at booking',
    status: 'requires_payment',
    clinic: { slug: denverClinic.slug, name: denverClinic.name },
    patient: { id: '33333333-3333-4333-8333-333333333333', display_name: 'Sam Rivera' },
    amount_cents: 5000,
    currency: 'usd',
    created_at: '2026-12-01T12:00:00Z',
    paid_at: null,
    series: null,
    lines: [
      {
        appointment: appointment().id,
        service: 'Initial consultation',
        start: '2026-12-10T16:00:00Z',
        amount_cents: 5000,
      },
    ],
    refunded_cents: 0,
    refunds: [],
    card: null,
    off_session: false,
    failure_message: '',
    to_pay_in_portal: true,
    receipt: null,
    ...overrides,
  }
}

/** What the checkout endpoint answers for `payment()`: the secret Stripe's Payment Element opens with. */
export function checkout(overrides: Partial<Checkout> = {}): Checkout {
  return {
    payment: payment(),
    payment_mode: 'stripe',
    client_secret: 'pi_123_secret_456',
    publishable_key: 'pk_test_denver',
    saves_card: false,
    ...overrides,
  }
}
