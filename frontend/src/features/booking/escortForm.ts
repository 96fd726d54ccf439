import { saveEscort, type Escort } from '../../lib/bookingApi'
import { apiFieldErrors } from '../../lib/formErrors'

export interface EscortValues {
  name: string
  phone: string
  willNotDrive: boolean
}

export type EscortErrors = Partial<Record<keyof EscortValues, string>>

export const escortValuesFrom = (escort: Escort | null | undefined): EscortValues => ({
  name: escort?.name ?? '',
  phone: escort?.phone ?? '',
  willNotDrive: false,
})

/** What is missing before a dose can be booked; the API checks again. */
export function checkEscort(values: EscortValues): EscortErrors {
  const errors: EscortErrors = {}
  if (!values.name.trim()) errors.name = 'Please give the name of the adult who will take you home.'
  if (!values.phone.trim()) errors.phone = 'Please give their phone number, so the clinic can reach them.'
  if (!values.willNotDrive) errors.willNotDrive = 'Please confirm that you will not drive until the next day.'
  return errors
}

/** Names the escort (again) when the patient typed someone new; the booking then checks it is named. */
export async function saveEscortIfChanged(values: EscortValues, saved: Escort | null | undefined): Promise<void> {
  const name = values.name.trim()
  const phone = values.phone.trim()
  if (saved && saved.name === name && saved.phone === phone) {
    return
  }
  await saveEscort({ name, phone, will_not_drive: values.willNotDrive })
}

const ESCORT_FIELDS: Record<string, keyof EscortValues> = {
  name: 'name',
  phone: 'phone',
  will_not_drive: 'willNotDrive',
}

/** The API's field errors about the escort or the no-driving promise, placed on their fields. */
export function escortErrorsFrom(error: unknown): EscortErrors {
  return apiFieldErrors(error, { keep: (field) => field in ESCORT_FIELDS, rename: ESCORT_FIELDS }) as EscortErrors
}
