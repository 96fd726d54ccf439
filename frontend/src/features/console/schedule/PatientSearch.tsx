import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { consoleApi, consoleKeys, type PatientSummary } from '../api'
import { patientName } from '../patients/patientName'

interface PatientSearchProps {
  clinicSlug: string
  value: PatientSummary | null
  onChange: (patient: PatientSummary | null) => void
  error?: string
}

/** Finds one of the clinic's patients by name or e-mail, asking the server as the person types. */
export function PatientSearch({ clinicSlug, value, onChange, error }: PatientSearchProps) {
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 250)
  const typedSelection = value !== null && search === optionLabel(value)
  const term = typedSelection ? '' : debounced
  const results = useQuery({
    queryKey: consoleKeys.patients(clinicSlug, { search: term, sort: 'name' }, 1),
    queryFn: () => consoleApi.patients(clinicSlug, { search: term, sort: 'name' }, 1),
    enabled: term.length >= 2,
    placeholderData: keepPreviousData,
  })
  const found = term.length >= 2 ? (results.data?.results ?? []) : []
  const options = value && !found.some((patient) => patient.id === value.id) ? [value, ...found] : found

  return (
    <Select
      label="Patient"
      description="Type at least two letters of a name or e-mail address."
      placeholder="Search the clinic’s patients"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has already filtered the list; the select must not filter it again.
      filter={({ options: all }) => all}
      data={options.map((patient) => ({ value: patient.id, label: optionLabel(patient) }))}
      value={value?.id ?? null}
      onChange={(id) => onChange(options.find((patient) => patient.id === id) ?? null)}
      nothingFoundMessage={term.length >= 2 && results.isSuccess ? 'No patient of this clinic matches.' : undefined}
      error={error}
      clearable
      w={{ base: '100%', sm: 420 }}
    />
  )
}

function optionLabel(patient: PatientSummary): string {
  return `${patientName(patient)} · ${patient.email}`
}
