/**
 * Regenerates the README's evaluation images, made by the app itself over the bridge:
 *   assets/readme/sweep-heatmap.png   a sweep's heat maps (ActAdd and CAA, layers × strengths)
 *   assets/readme/compare-table.png   plain, prompted and steered summaries side by side
 * Run after `npm run build:renderer`:
 *
 *   npx tsx tests/e2e/tools/readme-eval-images.ts [--out-dir assets/readme] [--dark]
 *
 * It uses the learned King James / modern test model (tests/fixtures/kjv-web), which learned both
 * styles from two Bibles, steered with the built-in King James pairs: its summaries of a news
 * article are readable English (in the Bible's vocabulary, the only one it knows), modern unsteered
 * and King James where steering works.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { KJV_WEB_MODEL_PATH } from '../../fixtures/kjv-web/kjv-web';
import { KJV_WEB_SUMMARY_SETTINGS } from '../../fixtures/kjv-web/settings';
import { startBridge } from '../bridge/server';
import { keepPlainComparison } from '../fixtures';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ARTICLE = join(repoRoot, 'assets', 'samples', 'river-festival.txt');
const MAX_TOKENS = 40;
const SWEEP = { methods: ['actadd', 'caa'], from: 2, to: 6, coefficients: '1, 2, 4, 8, 16' };
/** The cell whose numbers the heat-map image shows, and the steered column of the comparison: the tests' chosen CAA setting. */
const SHOWN_CELL = { method: 'caa', layer: KJV_WEB_SUMMARY_SETTINGS.layerStart, coefficient: KJV_WEB_SUMMARY_SETTINGS.coefficient };
const STEERED = { layer: String(SHOWN_CELL.layer), coefficient: String(SHOWN_CELL.coefficient) };
const LONG = { timeout: 900_000 };

async function chooseSteeringPair(page: Page): Promise<void> {
  await page.getByTestId('steering-source-pair').check();
  await page.getByTestId('steering-library').selectOption('builtin');
  await page.getByTestId('steering-style').selectOption('king-james');
  await page.getByTestId('steering-pair').selectOption('');
}

const MARGIN = 20;

/**
 * Element screenshots stop at the window's edge inside the scrolling main area: make the window
 * fit the element, then shoot it with a margin of the page around it.
 */
async function shoot(page: Page, testId: string, out: string, beforeShot?: () => Promise<void>): Promise<void> {
  const element = page.getByTestId(testId);
  const size = await element.boundingBox();
  if (size) await page.setViewportSize({ width: 1440, height: Math.ceil(size.height + 4 * MARGIN + 80) });
  await element.evaluate((node) => node.scrollIntoView({ block: 'center' }));
  await beforeShot?.();
  const box = (await element.boundingBox())!;
  await page.screenshot({ path: out, clip: { x: box.x - MARGIN, y: box.y - MARGIN, width: box.width + 2 * MARGIN, height: box.height + 2 * MARGIN } });
  console.log(`Wrote ${out}`);
}

async function sweepImage(page: Page, out: string): Promise<void> {
  await page.getByTestId('nav-sweep').click();
  await chooseSteeringPair(page);
  for (const method of ['actadd', 'caa', 'all']) await page.getByTestId(`sweep-method-${method}`).setChecked(SWEEP.methods.includes(method));
  await page.getByTestId('sweep-layer-from').fill(String(SWEEP.from));
  await page.getByTestId('sweep-layer-to').fill(String(SWEEP.to));
  await page.getByTestId('sweep-layer-step').fill('1');
  await page.getByTestId('sweep-coefficients').fill(SWEEP.coefficients);
  await page.getByTestId('sweep-start').click();
  await page.locator('[data-testid="sweep-status"]', { hasText: 'Complete' }).waitFor(LONG);
  await shoot(page, 'sweep-results', out, async () => {
    await page
      .locator(`[data-testid="heatmap"][data-method="${SHOWN_CELL.method}"] [data-testid="heatmap-cell"][data-layer="${SHOWN_CELL.layer}"][data-coefficient="${SHOWN_CELL.coefficient}"]`)
      .hover();
    await page.getByTestId('cell-detail').waitFor();
  });
}

async function compareImage(page: Page, out: string): Promise<void> {
  await page.getByTestId('nav-compare').click();
  await keepPlainComparison(page);
  await page.getByTestId('compare-style').selectOption('king-james');
  await page.getByTestId('compare-add-prompted').click();
  await page.getByTestId('compare-steered-summary').click();
  await chooseSteeringPair(page);
  await page.getByTestId('steering-method-caa').check();
  await page.getByTestId('layer-single').check();
  await page.getByTestId('layer-start').fill(STEERED.layer);
  await page.getByTestId('layer-start').blur();
  await page.getByTestId('coefficient-input').fill(STEERED.coefficient);
  await page.getByTestId('compare-add-steered').click();
  await page.getByTestId('compare-steered-summary').click();
  await page.getByTestId('compare-start').click();
  await page.getByTestId('compare-export').and(page.locator(':enabled')).waitFor(LONG);
  await shoot(page, 'compare-results', out, () => page.mouse.move(0, 0));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'out-dir': { type: 'string', default: join(repoRoot, 'assets', 'readme') },
      dark: { type: 'boolean', default: false },
    },
  });
  const outDir = resolve(values['out-dir']!);
  await mkdir(outDir, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), 'steerling-eval-images-'));
  const bridge = await startBridge({ dataDir: join(scratch, 'data'), exportDir: join(scratch, 'exports'), modelPath: KJV_WEB_MODEL_PATH });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 2, colorScheme: values.dark ? 'dark' : 'light' });
    await page.goto(bridge.url);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('choose-file').click();
    await (await chooser).setFiles(ARTICLE);
    await page.getByTestId('article-title').waitFor();
    await page.getByTestId('sampling-panel').locator('summary').click();
    await page.getByTestId('sampling-maxTokens').fill(String(MAX_TOKENS));
    await page.getByTestId('sampling-panel').locator('summary').click();

    await sweepImage(page, join(outDir, 'sweep-heatmap.png'));
    await compareImage(page, join(outDir, 'compare-table.png'));
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
