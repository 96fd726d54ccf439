import { PasswordInput, type PasswordInputProps } from '@mantine/core'

/**
 * Mantine's PasswordInput leaves `aria-invalid` off its inner input, so screen readers would not hear
 * that the field needs attention. The show-password toggle is keyboard reachable: seeing what was typed
 * helps people who make typos under stress.
 */
export function PasswordField(props: PasswordInputProps) {
  return (
    <PasswordInput
      visibilityToggleFocusable
      visibilityToggleButtonProps={{ 'aria-label': 'Show password' }}
      aria-invalid={props.error ? true : undefined}
      {...props}
    />
  )
}
