import { generatePath } from 'react-router'
import { paths } from '../../app/paths'

export function articlePath(slug: string): string {
  return generatePath(paths.article, { slug })
}
