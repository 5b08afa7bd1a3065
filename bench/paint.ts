/**
 * First paint of the app window: the renderer, built for production into a temporary folder,
 * served by the e2e bridge (real core, the tiny model loaded) and opened in Chromium, each time in
 * a fresh browser context (cold HTTP cache). Per load, from navigation start:
 * - bundle loaded: the renderer's script has arrived (its resource timing's responseEnd);
 * - first contentful paint (the browser's own `paint` entry);
 * - first meaningful paint: the first frame after the compose view (what a writer sees first)
 *   is in the DOM — two animation frames after it appears, so it has been painted. Goal < 1.0 s.
 * Also prints the bundle's size, raw and gzip. Figures are medians over the loads with min–max.
 *
 * Run: npx tsx bench/paint.ts   (env: BENCH_ROUNDS, CHROMIUM_PATH)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startBridge } from '../tests/e2e/bridge/server';
import { createTinyModel } from '../tests/fixtures/gguf/tiny-model';
import { median } from './paired';

const GOAL_MS = 1000;

interface Load {
  bundleMs: number;
  fcpMs: number;
  meaningfulMs: number;
}

function bundleSizes(dir: string): { file: string; bytes: number; gzip: number }[] {
  const assets = join(dir, 'assets');
  return readdirSync(assets)
    .filter((file) => /\.(js|css)$/u.test(file))
    .map((file) => {
      const bytes = readFileSync(join(assets, file));
      return { file, bytes: statSync(join(assets, file)).size, gzip: gzipSync(bytes, { level: 9 }).length };
    });
}

/**
 * Runs in the page before its scripts: notes when the compose view has been painted. A string,
 * not a function, so no helper the TypeScript loader adds to functions travels into the page.
 */
const WATCH_FOR_COMPOSE_VIEW = `
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="compose-view"]')) {
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__meaningfulPaint = performance.now(); }));
    }
  });
  observer.observe(document, { childList: true, subtree: true });
`;

export async function benchPaint(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  const root = mkdtempSync(join(tmpdir(), 'steerling-bench-paint-'));
  const rendererDir = join(root, 'renderer');
  try {
    const buildStart = performance.now();
    execFileSync(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'vite.renderer.config.ts', '--outDir', rendererDir, '--logLevel', 'warn'], {
      cwd: join(import.meta.dirname, '..'),
      stdio: 'inherit',
    });
    console.log(`renderer built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`);
    const sizes = bundleSizes(rendererDir);
    for (const { file, bytes, gzip } of sizes) console.log(`  ${file.padEnd(32)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${(gzip / 1024).toFixed(1).padStart(7)} KiB gzip`);
    const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
    const totalGzip = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`renderer bundle (JS + CSS): ${(total / 1024).toFixed(1)} KiB, ${(totalGzip / 1024).toFixed(1)} KiB gzip`);
    const fonts = readdirSync(join(rendererDir, 'assets')).filter((file) => file.endsWith('.woff2'));
    const fontBytes = fonts.reduce((sum, file) => sum + statSync(join(rendererDir, 'assets', file)).size, 0);
    console.log(`bundled fonts: ${fonts.length} files, ${(fontBytes / 1024).toFixed(1)} KiB (a page fetches only the scripts it shows: Latin here)`);

    const bridge = await startBridge({
      port: 0,
      dataDir: join(root, 'data'),
      exportDir: join(root, 'exports'),
      modelPath: await createTinyModel(),
      rendererDir,
    });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const load = async (): Promise<Load> => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
        try {
          const page = await context.newPage();
          await page.addInitScript(WATCH_FOR_COMPOSE_VIEW);
          await page.goto(bridge.url);
          await page.waitForFunction(() => (window as unknown as { __meaningfulPaint?: number }).__meaningfulPaint !== undefined, null, { timeout: 30_000 });
          return await page.evaluate(() => {
            const script = performance
              .getEntriesByType('resource')
              .find((entry) => entry.name.endsWith('.js') && entry.name.includes('/assets/')) as PerformanceResourceTiming | undefined;
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            return {
              bundleMs: script?.responseEnd ?? Number.NaN,
              fcpMs: fcp?.startTime ?? Number.NaN,
              meaningfulMs: (window as unknown as { __meaningfulPaint: number }).__meaningfulPaint,
            };
          });
        } finally {
          await context.close();
        }
      };
      await load(); // warm-up: the bridge's first requests, the OS file cache
      const loads: Load[] = [];
      for (let i = 0; i < rounds; i++) loads.push(await load());
      const row = (label: string, values: number[]) =>
        console.log(`  ${label.padEnd(28)} ${median(values).toFixed(0).padStart(6)} ms  (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`);
      console.log(`from navigation start, median of ${rounds} cold loads (min–max):`);
      row('renderer bundle loaded', loads.map((l) => l.bundleMs));
      row('first contentful paint', loads.map((l) => l.fcpMs));
      row('first meaningful paint', loads.map((l) => l.meaningfulMs));
      const meaningful = median(loads.map((l) => l.meaningfulMs));
      console.log(`first meaningful paint ${meaningful.toFixed(0)} ms (goal < ${GOAL_MS} ms) ${meaningful < GOAL_MS ? 'met' : 'NOT met'}`);
    } finally {
      await browser.close();
      await bridge.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchPaint();
}
