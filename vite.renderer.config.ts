import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const projectDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dev server injects component CSS through <style> elements created by script, which the
 * production policy (style-src 'self') forbids. Only `vite serve` relaxes it; builds keep it strict.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'steerling:relax-csp-in-dev',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    },
  };
}

// Forge's plugin-vite merges this over its own renderer defaults (root = project dir,
// outDir .vite/renderer/<name>); the values here also make `npm run build:renderer` standalone.
export default defineConfig({
  root: `${projectDir}src-renderer`,
  // Relative asset URLs: the packaged app loads index.html from file://.
  base: './',
  plugins: [svelte({ configFile: `${projectDir}svelte.config.js` }), relaxCspForDevServer()],
  build: {
    outDir: `${projectDir}.vite/renderer/main_window`,
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // Fonts stay files: the policy's font-src 'self' refuses data: URLs, which small ones would become.
    assetsInlineLimit: (file) => (file.endsWith('.woff2') ? false : undefined),
  },
  clearScreen: false,
});
