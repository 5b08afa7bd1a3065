import type { VitePluginBuildConfig } from '@electron-forge/plugin-vite';
import { defineConfig } from 'vite';

/**
 * Electron main process, merged by Forge's Vite plugin over its own defaults (Electron and Node
 * built-ins external, output in .vite/build). Built as ESM `main.js` to match package.json's
 * "main" under "type": "module". Everything else is bundled; node-llama-cpp never runs here (it
 * lives in the engine worker), so it stays external and any import of it that is only
 * re-exported along the way is dropped rather than loaded.
 */
export default defineConfig((env) => ({
  build: {
    target: 'node22',
    sourcemap: true,
    lib: {
      entry: (env.forgeConfigSelf as VitePluginBuildConfig).entry,
      formats: ['es'],
      fileName: () => 'main.js',
    },
    rollupOptions: {
      // Bundled CommonJS (iconv-lite, mailparser…) calls require() for built-ins; on the node
      // platform Rolldown backs that with createRequire instead of throwing in ESM output.
      platform: 'node' as const,
      // Every node: module, not only builtinModules (which lacks prefix-only ones like node:sqlite).
      external: [/^node:/, 'node-llama-cpp', /^@node-llama-cpp\//],
      treeshake: { moduleSideEffects: 'no-external' },
    },
  },
  resolve: {
    conditions: ['node'],
  },
}));
