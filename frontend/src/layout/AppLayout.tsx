import { Anchor, AppShell, Box, Burger, Container, Group, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useEffect, useRef, type MouseEvent } from 'react'
import { Link, Outlet, useLocation, useMatch } from 'react-router'
import { paths } from '../app/paths'
import { useAuth } from '../auth/authContext'
import { MainNav } from './MainNav'

const MAIN_ID = 'main-content'

function focusMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault()
  document.getElementById(MAIN_ID)?.focus()
}

/** After in-app navigation, screen reader and keyboard users start at the new page's heading. */
function useFocusHeadingOnNavigation() {
  const { pathname } = useLocation()
  const previousPathname = useRef(pathname)
  useEffect(() => {
    if (previousPathname.current === pathname) {
      return
    }
    previousPathname.current = pathname
    document.querySelector<HTMLElement>(`#${MAIN_ID} h1`)?.focus()
  }, [pathname])
}

export function AppLayout() {
  const { isAuthenticated } = useAuth()
  const [navOpened, nav] = useDisclosure(false)
  const consoleOpen = useMatch(paths.clinicWorkspace) !== null
  useFocusHeadingOnNavigation()

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={isAuthenticated ? { width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } } : undefined}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a href={`#${MAIN_ID}`} className="skip-link" onClick={focusMain}>
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm" wrap="nowrap">
          {isAuthenticated && (
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? 'Close menu' : 'Open menu'}
              aria-expanded={navOpened}
              aria-controls="main-navigation"
            />
          )}
          <Anchor component={Link} to={paths.home} underline="never" c="inherit">
            <Text component="span" fw={600} fz={{ base: 'md', xs: 'lg' }}>
              Evergreen Ketamine Care
            </Text>
          </Anchor>
        </Group>
      </AppShell.Header>
      {isAuthenticated && (
        <AppShell.Navbar p="sm" id="main-navigation" aria-label="Main">
          <MainNav onNavigate={nav.close} />
        </AppShell.Navbar>
      )}
      <AppShell.Main id={MAIN_ID} tabIndex={-1} style={{ outline: 'none' }}>
        {/* The clinic console's schedules and tables use the whole width. */}
        <Container size="md" px={0} fluid={consoleOpen}>
          <Outlet />
          <CrisisNote />
        </Container>
      </AppShell.Main>
    </AppShell>
  )
}

/** People in treatment for depression must always be able to find urgent help. */
function CrisisNote() {
  return (
    <Box
      component="aside"
      aria-label="Urgent help"
      mt="xl"
      pt="md"
      style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
    >
      <Text size="sm">
        If you are in crisis or thinking about suicide, call or text <strong>988</strong> (Suicide &amp; Crisis
        Lifeline) any time. In an emergency, call <strong>911</strong>.
      </Text>
    </Box>
  )
}
