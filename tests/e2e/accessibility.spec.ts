/**
 * axe-core on every view of the window, as a new writer reaches it: compose (empty, with an
 * article and a summary, with a batch queue), a saved summary, compare, sweep, models and pair
 * libraries. No serious or critical violation may remain.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the page's CSP rightly refuses injected script tags.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${violation.help}`));
}

test('every view has no serious or critical accessibility violations', async ({ app: page, bridge }) => {
  const found: Record<string, string[]> = {};
  found['compose, empty'] = await seriousViolations(page);

  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-plain').check();
  await setSampling(page, 'maxTokens', 8);
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 60_000 });
  found['compose, summarised'] = await seriousViolations(page);

  const articlesDir = join(bridge.exportDir, '..', 'batch');
  mkdirSync(articlesDir, { recursive: true });
  bridge.dialogs.articlePaths = ['one.txt', 'two.txt'].map((name) => {
    writeFileSync(join(articlesDir, name), `${name} reports that the ferry ran on time all week.`);
    return join(articlesDir, name);
  });
  await page.getByRole('button', { name: 'Summarise several articles…' }).click();
  await expect(page.getByTestId('batch').getByRole('heading', { level: 2 })).toHaveText('Batch: 2 of 2 done', { timeout: 60_000 });
  found['compose, batch'] = await seriousViolations(page);

  await page.getByTestId('history-item').first().click();
  found['saved summary'] = await seriousViolations(page);

  for (const view of ['compare', 'sweep', 'models', 'libraries']) {
    await page.getByTestId(`nav-${view}`).click();
    await page.waitForLoadState('networkidle');
    found[view] = await seriousViolations(page);
  }
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((view) => [view, []])));
});
