import { Anchor, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../app/paths'
import { PageTitle } from '../components/PageTitle'

export function NotFoundPage() {
  return (
    <Stack align="flex-start">
      <PageTitle>Page not found</PageTitle>
      <Text>We couldn’t find this page. The link may be old or mistyped.</Text>
      <Anchor component={Link} to={paths.home}>
        Go to the home page
      </Anchor>
    </Stack>
  )
}
