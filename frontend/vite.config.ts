import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

const djangoDevServer = 'http://127.0.0.1:8000'

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
            { name: 'mantine', test: /node_modules[\\/](@mantine|@floating-ui)[\\/]/, priority: 2 },
            // The score chart's library and its dependencies stay out of it: only the lazily loaded chart needs them.
            {
              name: 'vendor',
              test: /node_modules[\\/](?!(recharts|victory-vendor|d3-[\w-]+|internmap|@reduxjs|redux|redux-thunk|react-redux|reselect|immer|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant|use-sync-external-store)[\\/])/,
              priority: 1,
            },
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
