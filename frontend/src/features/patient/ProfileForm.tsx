import { Button, Fieldset, Group, Select, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { apiFieldErrors } from '../../lib/formErrors'
import { errorMessage } from '../../lib/http'
import { portalQueryKeys, updateProfile, type PatientProfile, type ProfileChanges } from '../../lib/portalApi'
import { deviceTimeZone, regionOptions, timeZoneOptions } from './locationOptions'

type ProfileValues = Record<keyof PatientProfile, string>

const FIELD_NAMES: (keyof PatientProfile)[] = [
  'legal_name',
  'preferred_name',
  'date_of_birth',
  'phone',
  'region',
  'timezone',
  'emergency_contact_name',
  'emergency_contact_phone',
]

function toFormValues(profile: PatientProfile): ProfileValues {
  return {
    legal_name: profile.legal_name ?? '',
    preferred_name: profile.preferred_name ?? '',
    date_of_birth: profile.date_of_birth ?? '',
    phone: profile.phone ?? '',
    region: profile.region ?? '',
    // An empty time zone is prefilled from the device; the person sees it before saving.
    timezone: profile.timezone || deviceTimeZone(),
    emergency_contact_name: profile.emergency_contact_name ?? '',
    emergency_contact_phone: profile.emergency_contact_phone ?? '',
  }
}

/** People type phone numbers with spaces, dashes and brackets; the API wants bare E.164 digits. */
function compactPhone(phone: string): string {
  return phone.replace(/[\s().-]/g, '')
}

function toChanges(values: ProfileValues): ProfileChanges {
  return {
    ...values,
    legal_name: values.legal_name.trim(),
    preferred_name: values.preferred_name.trim(),
    emergency_contact_name: values.emergency_contact_name.trim(),
    date_of_birth: values.date_of_birth || null,
    // The choices come from the browser's list of IANA zones; the API has the final word on each.
    timezone: values.timezone as ProfileChanges['timezone'],
    phone: compactPhone(values.phone),
    emergency_contact_phone: compactPhone(values.emergency_contact_phone),
  }
}

const PHONE_HINT = 'Include the country code, for example +1 212 555 0100.'

export function ProfileForm({ profile }: { profile: PatientProfile }) {
  const queryClient = useQueryClient()
  const [problem, setProblem] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const form = useForm<ProfileValues>({ initialValues: toFormValues(profile) })
  const timezone = form.values.timezone
  const timeZones = useMemo(() => timeZoneOptions(timezone), [timezone])
  const regions = useMemo(() => regionOptions(profile.region ?? ''), [profile.region])

  const save = useMutation({
    mutationFn: (values: ProfileValues) => updateProfile(toChanges(values)),
    onMutate: () => {
      setProblem(null)
      setSaved(false)
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(portalQueryKeys.profile, updated)
      void queryClient.invalidateQueries({ queryKey: portalQueryKeys.me })
      form.setValues(toFormValues(updated))
      form.resetDirty(toFormValues(updated))
      setSaved(true)
    },
    onError: (error) => {
      setProblem(errorMessage(error))
      showFieldErrors(error)
    },
  })

  function showFieldErrors(error: unknown) {
    const errors = apiFieldErrors(error, { keep: (name) => FIELD_NAMES.includes(name as keyof PatientProfile) })
    form.setErrors(errors)
    const firstInvalid = FIELD_NAMES.find((name) => name in errors)
    if (firstInvalid) {
      form.getInputNode(firstInvalid)?.focus()
    }
  }

  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="lg">
        <Fieldset legend="About you">
          <Stack>
            <TextInput
              label="Legal name"
              description="As it appears on your ID or insurance card."
              autoComplete="name"
              {...form.getInputProps('legal_name')}
            />
            <TextInput
              label="Preferred name"
              description="What you’d like us to call you."
              autoComplete="nickname"
              {...form.getInputProps('preferred_name')}
            />
            <TextInput label="Date of birth" type="date" autoComplete="bday" {...form.getInputProps('date_of_birth')} />
          </Stack>
        </Fieldset>

        <Fieldset legend="Contact and location">
          <Stack>
            <TextInput
              label="Mobile phone"
              description={PHONE_HINT}
              type="tel"
              autoComplete="tel"
              {...form.getInputProps('phone')}
            />
            <Select
              label="State"
              description="Where you live. Treatment depends on the state you are in."
              placeholder="Choose your state"
              data={regions}
              searchable
              nothingFoundMessage="No state matches"
              allowDeselect={false}
              {...form.getInputProps('region')}
            />
            <Select
              label="Time zone"
              description="Appointment times are shown in this time zone."
              data={timeZones}
              searchable
              nothingFoundMessage="No time zone matches"
              allowDeselect={false}
              {...form.getInputProps('timezone')}
            />
          </Stack>
        </Fieldset>

        <Fieldset legend="Emergency contact">
          <Stack>
            <Text size="sm">Someone we can call if we can’t reach you and are worried about your safety.</Text>
            <TextInput label="Their name" autoComplete="off" {...form.getInputProps('emergency_contact_name')} />
            <TextInput
              label="Their phone number"
              description={PHONE_HINT}
              type="tel"
              autoComplete="off"
              {...form.getInputProps('emergency_contact_phone')}
            />
          </Stack>
        </Fieldset>

        <ErrorAlert title="Your details were not saved" message={problem} />
        {saved && <Text role="status">Your details have been saved.</Text>}
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
