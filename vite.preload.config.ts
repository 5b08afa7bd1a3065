import { defineConfig } from 'vite';

/**
 * The sandboxed preload: CommonJS `preload.cjs` (Forge's default for preload targets), which is
 * what a sandboxed renderer can run. It may import only 'electron' and its own small modules.
 */
export default defineConfig({
  build: {
    target: 'chrome140',
    sourcemap: 'inline',
    minify: false,
  },
});
