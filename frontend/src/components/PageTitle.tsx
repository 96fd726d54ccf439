import { Title } from '@mantine/core'
import { useDocumentTitle } from '@mantine/hooks'

/** The page's h1; focusable so the layout can move focus to it after navigation. */
export function PageTitle({ children }: { children: string }) {
  useDocumentTitle(`${children} · Evergreen Ketamine Care`)
  return (
    <Title order={1} tabIndex={-1} mb="md" style={{ outline: 'none' }}>
      {children}
    </Title>
  )
}
