import { Button, NavLink, Stack } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { Link, useLocation } from 'react-router'
import { paths, SIGNED_OUT_PARAM } from '../app/paths'
import { ErrorAlert } from '../components/ErrorAlert'
import { logout } from '../lib/allauth'
import { errorMessage } from '../lib/http'
import { useMe } from '../lib/portalApi'

const PATIENT_LINKS = [
  { to: paths.appointments, label: 'Appointments' },
  { to: paths.checkIns, label: 'Check-ins' },
  { to: paths.intake, label: 'Your intake' },
  { to: paths.consents, label: 'Consent forms' },
  { to: paths.careTeam, label: 'Your outside care team' },
  { to: paths.library, label: 'Library' },
  { to: paths.notifications, label: 'Notifications' },
]

export function MainNav({ onNavigate }: { onNavigate: () => void }) {
  const me = useMe()
  const isPatient = me.data !== undefined && !me.data.is_staff_member
  const links = [
    { to: paths.home, label: 'Home' },
    ...(isPatient ? PATIENT_LINKS : []),
    { to: paths.profile, label: 'Your details' },
    { to: paths.security, label: 'Sign-in and security' },
    ...(me.data?.is_staff_member ? [{ to: paths.clinicConsole, label: 'Clinic console' }] : []),
  ]

  return (
    <Stack justify="space-between" h="100%">
      <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
        {links.map((link) => (
          <li key={link.to}>
            <NavItem to={link.to} label={link.label} onClick={onNavigate} />
          </li>
        ))}
      </Stack>
      <SignOutButton />
    </Stack>
  )
}

interface NavItemProps {
  to: string
  label: string
  onClick: () => void
}

function NavItem({ to, label, onClick }: NavItemProps) {
  const { pathname } = useLocation()
  const active = to === paths.home ? pathname === to : pathname.startsWith(to)
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={onClick}
    />
  )
}

function SignOutButton() {
  const signOut = useMutation({
    mutationFn: logout,
    // A full page load drops everything the app held in memory, which matters on shared devices.
    onSuccess: () => window.location.assign(`${paths.login}?${SIGNED_OUT_PARAM}`),
  })

  return (
    <Stack gap="xs">
      <ErrorAlert message={signOut.error ? errorMessage(signOut.error) : null} />
      <Button variant="default" onClick={() => signOut.mutate()} loading={signOut.isPending}>
        Sign out
      </Button>
    </Stack>
  )
}
