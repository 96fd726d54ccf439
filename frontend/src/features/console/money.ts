/** "$450.00" for 45000 cents of USD (amounts come from the API in the currency's smallest unit). */
export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100)
}
