import { useQuery } from '@tanstack/react-query'
import { bookingQueryKeys, getCancellationQuote, useAppointment } from '../../lib/bookingApi'

/**
 * An appointment about to be moved or cancelled, with what doing it now would cost: the quote is read
 * fresh each time, since the window it depends on moves with the clock.
 */
export function useChangeContext(appointmentId: string) {
  const appointment = useAppointment(appointmentId)
  const quote = useQuery({
    queryKey: bookingQueryKeys.cancellationQuote(appointmentId),
    queryFn: () => getCancellationQuote(appointmentId),
    staleTime: 0,
  })
  return { appointment, quote }
}
