import { useMutation, useQueryClient } from '@tanstack/react-query'
import { bookmark, educationQueryKeys, markRead, markUnread, removeBookmark } from '../../lib/educationApi'

/** Save/unsave and read/unread for one article; every library list shows the change afterwards. */
export function useArticleActions(slug: string) {
  const queryClient = useQueryClient()
  const refresh = () => queryClient.invalidateQueries({ queryKey: educationQueryKeys.all })

  const save = useMutation({
    mutationFn: (saved: boolean) => (saved ? bookmark(slug) : removeBookmark(slug)),
    onSuccess: refresh,
  })
  const read = useMutation({
    mutationFn: (isRead: boolean) => (isRead ? markRead(slug) : markUnread(slug)),
    onSuccess: refresh,
  })
  return { save, read }
}
