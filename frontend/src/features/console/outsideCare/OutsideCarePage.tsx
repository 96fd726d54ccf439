// Being built (issue 19): replaced by the real page before this lands.
export function OutsideCarePage() {
  return null
}
