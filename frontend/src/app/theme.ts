import {
  Button,
  createTheme,
  Modal,
  Notification,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core'

// A muted evergreen; shade 7 (the primary in light mode) keeps white text above 5.9:1 contrast.
export const evergreen: MantineColorsTuple = [
  '#eef7f4',
  '#dcede7',
  '#b8dbcf',
  '#90c7b5',
  '#6db49e',
  '#51a58f',
  '#3f8d78',
  '#2f6f5e',
  '#245a4c',
  '#1a453a',
]

export const theme = createTheme({
  colors: { evergreen },
  primaryColor: 'evergreen',
  primaryShade: { light: 7, dark: 4 },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: {
    fontWeight: '600',
    sizes: {
      // Long page titles stay on one or two lines on a 360 px phone.
      h1: { fontSize: 'clamp(1.625rem, 1.3rem + 1.5vw, 2.125rem)' },
    },
  },
  focusRing: 'always',
  cursorType: 'pointer',
  // Someone who asks their device for less motion gets no sliding or fading (notifications, drawers).
  respectReducedMotion: true,
  components: {
    // Plain objects, not DatePicker.extend: importing @mantine/dates here would pull it into every page.
    // The day colours themselves are in styles.css (`.calendar-day`).
    DatePicker: { classNames: { day: 'calendar-day' } },
    DatePickerInput: { classNames: { day: 'calendar-day' } },
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // The default dimmed description text is below 4.5:1 on white.
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss message' } },
      styles: { description: { color: 'var(--mantine-color-text)' } },
    }),
    // Button labels wrap instead of overflowing on narrow phones and with enlarged text.
    Button: Button.extend({
      styles: {
        root: {
          height: 'auto',
          minHeight: 'var(--button-height)',
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
        },
        label: {
          whiteSpace: 'normal',
          textAlign: 'center',
          lineHeight: 1.35,
          paddingBlock: 'calc(var(--mantine-spacing-xs) / 2)',
        },
      },
    }),
  },
})

// Mantine's default dimmed, error and light-variant text colours fall below WCAG AA contrast for small text.
export const cssVariablesResolver: CSSVariablesResolver = (resolvedTheme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': resolvedTheme.colors.gray[7],
    '--mantine-color-error': resolvedTheme.colors.red[9],
    '--mantine-color-evergreen-light-color': resolvedTheme.colors.evergreen[8],
    '--mantine-color-red-light-color': resolvedTheme.colors.red[9],
    '--mantine-color-gray-light-color': resolvedTheme.colors.gray[8],
  },
  dark: {},
})
