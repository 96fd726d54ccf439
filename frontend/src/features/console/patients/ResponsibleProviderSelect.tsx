import { Select, type SelectProps } from '@mantine/core'
import { useClinicProviders } from './useClinicProviders'

/** The clinic's provider who is responsible for an outcome or a plan (the API requires one of its providers). */
export function ResponsibleProviderSelect(props: Omit<SelectProps, 'data'>) {
  const { providers } = useClinicProviders()
  return (
    <Select
      label="Responsible provider"
      data={providers}
      withAsterisk
      allowDeselect={false}
      w={{ base: '100%', sm: 320 }}
      {...props}
    />
  )
}
