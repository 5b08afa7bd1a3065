/**
 * Regenerates assets/screenshot.png: the real UI over the bridge, with a few summaries in the
 * history and one just written; and assets/readme/batch.png: the three sample articles summarised
 * as a batch, ready to export. Run after `npm run build:renderer`:
 *
 *   npx tsx tests/e2e/tools/readme-screenshot.ts [--model file.gguf] [--out assets/screenshot.png] [--batch-out assets/readme/batch.png] [--dark]
 *
 * Without --model it uses the learned King James / modern test model (tests/fixtures/kjv-web), and
 * the summary shown is steered towards King James English with the built-in pairs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { KJV_WEB_MODEL_PATH } from '../../fixtures/kjv-web/kjv-web';
import { steerWithKingJames } from '../steer-king-james';
import { startBridge, type Bridge } from '../bridge/server';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SAMPLES = ['solar-library.txt', 'market-hall.html'].map((name) => join(repoRoot, 'assets', 'samples', name));
const SHOWN = join(repoRoot, 'assets', 'samples', 'river-festival.txt');
const SAMPLING = { temperature: 0.7, topP: 0.9, seed: 42, maxTokens: 70, repeatPenalty: 1.1 };

async function summariseInBackground(bridge: Bridge, path: string, style?: string): Promise<void> {
  const article = await bridge.backend.handle('articles.importPath', { path: bridge.paths.grant(path, 'read') });
  const done = new Promise<void>((resolveDone) => {
    const stop = bridge.backend.onEvent((event) => {
      if (event === 'summary.done' || event === 'summary.error') {
        stop();
        resolveDone();
      }
    });
  });
  await bridge.backend.handle('summary.start', {
    article,
    mode: style ? 'prompted' : 'plain',
    style,
    sampling: SAMPLING,
  });
  await done;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      out: { type: 'string', default: join(repoRoot, 'assets', 'screenshot.png') },
      'batch-out': { type: 'string', default: join(repoRoot, 'assets', 'readme', 'batch.png') },
      dark: { type: 'boolean', default: false },
    },
  });
  const modelPath = values.model ? resolve(values.model) : KJV_WEB_MODEL_PATH;
  const scratch = await mkdtemp(join(tmpdir(), 'steerling-screenshot-'));
  const bridge = await startBridge({ dataDir: join(scratch, 'data'), exportDir: join(scratch, 'exports'), modelPath });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  try {
    const { styles } = await bridge.backend.handle('app.info', {});
    await summariseInBackground(bridge, SAMPLES[0], styles.find((style) => style.id === 'king-james')?.id ?? styles[0]?.id);
    await summariseInBackground(bridge, SAMPLES[1]);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 2, colorScheme: values.dark ? 'dark' : 'light' });
    await page.goto(bridge.url);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('choose-file').click();
    await (await chooser).setFiles(SHOWN);
    await page.getByTestId('article-title').waitFor();
    await steerWithKingJames(page);
    await page.getByTestId('sampling-panel').locator('summary').click();
    await page.getByTestId('sampling-maxTokens').fill(String(SAMPLING.maxTokens));
    await page.getByTestId('sampling-panel').locator('summary').click();
    await page.getByTestId('summarise-button').click();
    await page.getByTestId('summary-status').getByText('Done').waitFor({ timeout: 120_000 });
    await page.getByTestId('main').evaluate((main) => main.scrollTo({ top: 0 }));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: values.out });
    console.log(`Wrote ${values.out}`);

    // Several articles at once, as "Summarise several articles…" queues them.
    bridge.dialogs.articlePaths = [SHOWN, ...SAMPLES];
    await page.getByRole('button', { name: 'Summarise several articles…' }).click();
    const queue = page.getByTestId('batch');
    await queue.getByRole('heading', { name: 'Batch: 3 of 3 done' }).waitFor({ timeout: 300_000 });
    await queue.screenshot({ path: values['batch-out'] });
    console.log(`Wrote ${values['batch-out']}`);
  } finally {
    await browser.close();
    await bridge.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
