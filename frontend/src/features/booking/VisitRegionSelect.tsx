import { Select } from '@mantine/core'
import { useMemo } from 'react'
import { regionOptions } from '../patient/locationOptions'

interface VisitRegionSelectProps {
  label: string
  value: string | null
  onChange: (region: string | null) => void
  description?: string | null
  error?: string
}

const WHY_IT_MATTERS = 'Your provider can see you by video only in a state where they are licensed to practise.'

/** Where the patient is for a video visit: care is given where they are, so it decides who may see them. */
export function VisitRegionSelect({
  label,
  value,
  onChange,
  description = WHY_IT_MATTERS,
  error,
}: VisitRegionSelectProps) {
  const regions = useMemo(() => regionOptions(value ?? ''), [value])
  return (
    <Select
      label={label}
      description={description}
      error={error}
      placeholder="Choose a state"
      data={regions}
      value={value}
      onChange={onChange}
      searchable
      nothingFoundMessage="No state matches"
      allowDeselect={false}
      required
      maw={420}
    />
  )
}
