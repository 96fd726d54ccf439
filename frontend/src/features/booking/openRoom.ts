/** Opens the video room in this window (its own module, so that tests can watch it instead). */
export function openRoom(url: string): void {
  window.location.assign(url)
}
