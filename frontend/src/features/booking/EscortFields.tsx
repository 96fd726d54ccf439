import { Checkbox, Fieldset, Stack, Text, TextInput } from '@mantine/core'
import type { EscortErrors, EscortValues } from './escortForm'

interface EscortFieldsProps {
  values: EscortValues
  errors: EscortErrors
  onChange: (values: EscortValues) => void
}

/**
 * A dose leaves the patient unfit to drive for the rest of the day: the clinic needs the adult who takes
 * them home, and their promise not to drive.
 */
export function EscortFields({ values, errors, onChange }: EscortFieldsProps) {
  return (
    <Fieldset legend="Getting home safely">
      <Stack gap="sm">
        <Text size="sm">
          After a dosing session you must not drive until the next day. An adult you trust needs to take you home.
        </Text>
        <TextInput
          label="Who will take you home?"
          autoComplete="off"
          value={values.name}
          onChange={(event) => onChange({ ...values, name: event.currentTarget.value })}
          error={errors.name}
          required
        />
        <TextInput
          label="Their phone number"
          type="tel"
          autoComplete="off"
          value={values.phone}
          onChange={(event) => onChange({ ...values, phone: event.currentTarget.value })}
          error={errors.phone}
          required
        />
        <Checkbox
          label="I will not drive until the day after the session."
          checked={values.willNotDrive}
          onChange={(event) => onChange({ ...values, willNotDrive: event.currentTarget.checked })}
          error={errors.willNotDrive}
          size="md"
        />
      </Stack>
    </Fieldset>
  )
}
