import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VitePluginBuildConfig } from '@electron-forge/plugin-vite';
import { defineConfig, type Plugin } from 'vite';

const steeringAddon = fileURLToPath(
  new URL('./src-main/core/steering/native/build/Release/steerling_steering.node', import.meta.url),
);
/** Where the worker looks for it at run time (engine-host passes this path to the worker). */
const STEERING_ADDON_OUTPUT = 'native/steerling_steering.node';

/**
 * Ships the steering side addon beside the worker bundle. A machine without a compiler has no
 * addon: the build still succeeds and steering says clearly that its add-on is missing.
 */
function copySteeringAddon(): Plugin {
  return {
    name: 'steerling:copy-steering-addon',
    generateBundle() {
      if (!fs.existsSync(steeringAddon)) {
        this.warn(`steering add-on not built (${steeringAddon}); run \`npm run build:native\` for steered summaries`);
        return;
      }
      this.emitFile({ type: 'asset', fileName: STEERING_ADDON_OUTPUT, source: fs.readFileSync(steeringAddon) });
    },
  };
}

/**
 * The workers run by Electron's utilityProcess, each bundled as <entry name>.js: the engine
 * worker (src-main/core/worker/engine-worker.ts) and the article import worker
 * (src-main/core/articles/worker/import-worker.ts). ESM, so node-llama-cpp (ESM-only, native
 * binaries, external and unpacked from the asar) loads with a plain import at run time.
 */
export default defineConfig((env) => {
  const entry = (env.forgeConfigSelf as VitePluginBuildConfig).entry as string;
  const name = path.basename(entry, path.extname(entry));
  return {
    plugins: name === 'engine-worker' ? [copySteeringAddon()] : [],
    build: {
      target: 'node22',
      sourcemap: true,
      lib: {
        entry,
        formats: ['es'],
        fileName: () => `${name}.js`,
      },
      rollupOptions: {
        // Bundled CommonJS (iconv-lite, mailparser…) calls require() for built-ins; on the node
        // platform Rolldown backs that with createRequire instead of throwing in ESM output.
        platform: 'node' as const,
        // Every node: module, not only builtinModules (which lacks prefix-only ones like node:sqlite).
        external: [/^node:/, 'node-llama-cpp', /^@node-llama-cpp\//, /\.node$/],
      },
    },
    resolve: {
      conditions: ['node'],
    },
  };
});
