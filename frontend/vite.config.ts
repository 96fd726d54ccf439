import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

const djangoDevServer = 'http://127.0.0.1:8000'
// Used only by lazily loaded pages (the console's charts and date pickers, a patient's score chart, and
// what recharts pulls in): kept out of the shared chunks so other pages do not download them.
const LAZY_ONLY_LIBRARIES = [
  '@mantine[\\\\/](charts|dates)',
  'recharts',
  'dayjs',
  'victory-vendor',
  'd3-',
  '@reduxjs',
  'redux',
  'react-redux',
  'reselect',
  'immer',
  'es-toolkit',
  'decimal\\.js-light',
  'eventemitter3',
  'tiny-invariant',
  '@standard-schema',
  'internmap',
].join('|')

export default defineConfig(({ command }) => ({
  // Django serves the built files under /static/ (whitenoise); the dev server serves from the root.
  base: command === 'build' ? '/static/' : '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app, so browsers can keep them cached across releases.
        codeSplitting: {
          groups: [
            {
              name: 'mantine',
              test: /node_modules[\\/](@mantine[\\/](?!charts|dates)|@floating-ui[\\/])/,
              priority: 2,
            },
            { name: 'vendor', test: new RegExp(`node_modules[\\\\/](?!${LAZY_ONLY_LIBRARIES})`), priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': djangoDevServer,
      '/_allauth': djangoDevServer,
      '/admin': djangoDevServer,
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    // Full-page tests type into Mantine forms; CI machines have two cores.
    testTimeout: 15_000,
    unstubGlobals: true,
  },
}))
