import { svelte } from '@sveltejs/vite-plugin-svelte';
import { configDefaults, defineConfig } from 'vitest/config';

// Three projects so the fast pure-logic tests never wait on model-dependent ones, and the
// renderer's stores run as the window runs them.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/unit/renderer/**'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        // Stores in *.svelte.ts use runes: compiled by Svelte for the browser, with Svelte's own
        // browser runtime (inlined, since Node would load its server build), in a bare window.
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['tests/unit/renderer/**/*.test.ts'],
          environment: './tests/unit/renderer/window-environment.ts',
          server: { deps: { inline: ['svelte'] } },
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two files at a time, each engine on one thread: most files wait on child processes
          // (the CLI, engine workers, packaging) with a core idle, so this fills both cores of a
          // 2-core machine without oversubscribing llama.cpp's threads (measured 671 → 411 s).
          maxWorkers: 2,
          env: { STEERLING_THREADS: '1' },
        },
      },
    ],
  },
});
