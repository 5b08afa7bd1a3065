/**
 * The Compare view through the bridge and a real engine process on the generated model: plain,
 * prompted and steered configurations of the current article with one seed, the table of outputs
 * and scores (the numbers the backend saved), a score's explanation, the Markdown export, the
 * saved list re-opened; a comparison cancelled part-way that resumes and keeps its rows; and the
 * judge's ratings shown as given, or as unparsed with the reason.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, keepPlainComparison, setSampling, test } from './fixtures';

async function lineUpThree(page: Page): Promise<void> {
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('nav-compare').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('eval-article-title')).toHaveText(HARBOUR_ARTICLE.title);
  await keepPlainComparison(page);
  await page.getByTestId('compare-style').selectOption('shakespearean');
  await page.getByTestId('compare-add-prompted').click();
  await page.getByTestId('compare-steered-summary').click();
  await page.getByTestId('steering-source-pair').check();
  await page.getByTestId('steering-style').selectOption('shakespearean');
  await page.getByTestId('steering-pair').selectOption('thou-you');
  await page.getByTestId('steering-method-caa').check();
  await page.getByTestId('layer-single').check();
  await page.getByTestId('layer-start').fill('3');
  await page.getByTestId('layer-start').blur();
  await page.getByTestId('coefficient-input').fill('2.5');
  await page.getByTestId('compare-add-steered').click();
  await expect(page.getByTestId('compare-config')).toHaveCount(3);
}

test('a comparison opens as plain, prompted in the chosen style and steered with the steered settings; the writer’s own line-up stays', async ({ app: page }) => {
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('mode-prompted').check();
  await page.getByTestId('style-select').selectOption('noir');
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('steering-method-caa').check();
  await page.getByTestId('coefficient-input').fill('3');
  await page.getByTestId('nav-compare').click();
  const configs = page.getByTestId('compare-config');
  await expect(configs).toHaveCount(3);
  expect(await configs.evaluateAll((items) => items.map((item) => item.getAttribute('data-id')))).toEqual(['plain', 'prompted-noir', 'steered']);
  await expect(configs.nth(1)).toContainText('Prompted · Hard-boiled noir');
  await expect(configs.nth(2)).toContainText(/Steered · CAA, .*×3/);
  // Removed by the writer, a suggestion does not come back when the view opens again.
  await configs.nth(2).getByTestId('compare-config-remove').click();
  await page.getByTestId('nav-compose').click();
  await page.getByTestId('nav-compare').click();
  await expect(configs).toHaveCount(2);
});

test('plain, prompted and steered side by side with their scores, exported as Markdown and re-opened from the list', async ({ app: page, bridge }, testInfo) => {
  test.setTimeout(240_000);
  await lineUpThree(page);
  await expect(page.getByTestId('compare-config').nth(2)).toContainText('Steered · CAA, layer 3, ×2.5');
  await setSampling(page, 'maxTokens', 10);
  await setSampling(page, 'seed', 7);
  await expect(page.getByTestId('compare-hint')).toHaveText('Every configuration uses seed 7 and up to 10 tokens.');

  await page.getByTestId('compare-start').click();
  await expect(page.getByTestId('compare-start')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('comparison-item')).toHaveCount(1);
  const id = (await page.getByTestId('comparison-item').getAttribute('data-id'))!;
  const saved = await bridge.backend.handle('compare.get', { id });
  expect(saved.result.complete).toBe(true);
  expect(saved.result.configs.map((config) => config.mode)).toEqual(['plain', 'prompted', 'steered']);
  expect(saved.result.sampling).toMatchObject({ seed: 7, maxTokens: 10 });
  expect(saved.result.configs[2].steering).toEqual({ method: 'caa', pairId: 'shakespearean/thou-you', layerStart: 3, layerEnd: 3, coefficient: 2.5 });

  // The table: one column per configuration, each with its own output and the scores the backend saved.
  await expect(page.getByTestId('compare-column')).toHaveText([/^Plain/, /^Prompted · Shakespearean/, /^Steered · CAA, layer 3, ×2\.5/]);
  for (const row of saved.result.rows) {
    const id = row.config.id;
    await expect(page.locator(`[data-testid="compare-output"][data-id="${id}"]`)).toHaveText(row.output);
    const score = (metric: string) => page.locator(`[data-testid="compare-score"][data-metric="${metric}"][data-id="${id}"]`);
    await expect(score('Archaic-marker rate')).toHaveText(`${row.scores!.archaic.rate.toFixed(1)} per 100 words`);
    // Grouped for reading ("65,056.3"): the number itself is the saved one.
    expect(Number((await score('Perplexity').textContent())!.replace(/,/g, ''))).toBe(Number(row.scores!.perplexity!.perplexity.toFixed(1)));
    await expect(score('ROUGE-1 recall vs article')).toHaveText(row.scores!.content.vsArticle.rouge1.recall.toFixed(3));
    await expect(score('ROUGE-L F1 vs plain')).toHaveText(row.config.mode === 'plain' ? 'reference' : row.scores!.content.vsPlain!.rougeL.f1.toFixed(3));
    await expect(score('Contrast')).toContainText(Math.abs(row.scores!.contrast!.score).toFixed(3));
  }
  // No judge was asked for: no judge rows.
  await expect(page.getByTestId('compare-judge')).toHaveCount(0);

  // What a score means, from README's scores section; Escape closes it.
  await page.getByTestId('score-info-archaic').click();
  await expect(page.getByTestId('score-help-archaic')).toBeVisible();
  await expect(page.getByTestId('score-help-archaic')).toContainText('Archaic markers per 100 words');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('score-help-archaic')).toBeHidden();
  await page.mouse.move(0, 0);
  await page.getByTestId('compare-results').screenshot({ path: testInfo.outputPath('compare-table.png') });

  await page.getByTestId('compare-export').click();
  const path = join(bridge.exportDir, `${HARBOUR_ARTICLE.title} comparison.md`);
  await expect.poll(async () => (await readFile(path, 'utf8').catch(() => '')).length).toBeGreaterThan(0);
  const markdown = await readFile(path, 'utf8');
  expect(markdown).toContain(`# Comparison: ${HARBOUR_ARTICLE.title}`);
  expect(markdown).toContain('| Plain | plain |');
  expect(markdown).toContain('| Prompted · Shakespearean English | prompted, shakespearean |');
  expect(markdown).toContain('| Steered · CAA, layer 3, ×2.5 | steered, caa, shakespearean/thou-you, layer 3, ×2.5 |');
  for (const row of saved.result.rows) expect(markdown).toContain(`## ${row.config.label}\n\n${row.output.trim()}`);

  // Re-opened from the saved list after leaving the view.
  await page.getByTestId('nav-compose').click();
  await page.getByTestId('nav-compare').click();
  await expect(page.getByTestId('comparison-item')).toHaveCount(1);
  await expect(page.getByTestId('comparison-status')).toHaveText('Complete');
  await page.getByTestId('comparison-open').click();
  await expect(page.getByTestId('compare-output')).toHaveText(saved.result.rows.map((row) => row.output));
});

test('a comparison cancelled part-way is saved, says so, and resumes keeping its finished rows', async ({ app: page, bridge }) => {
  test.setTimeout(240_000);
  await lineUpThree(page);
  // Long enough that the later rows are still being written when Cancel lands.
  await setSampling(page, 'maxTokens', 160);
  await page.getByTestId('compare-start').click();
  await expect(page.getByTestId('compare-progress')).toBeVisible();
  await page.locator('[data-testid="compare-output"][data-id="plain"] .output').waitFor({ timeout: 120_000 });
  await page.getByTestId('compare-cancel').click();
  await expect(page.getByTestId('compare-stopped')).toBeVisible({ timeout: 120_000 });

  const [summary] = (await bridge.backend.handle('compare.list', {})).items;
  const partial = await bridge.backend.handle('compare.get', { id: summary.id });
  expect(partial.result.complete).toBe(false);
  const kept = partial.result.rows;
  expect(kept.length).toBeGreaterThanOrEqual(1);
  expect(kept.length).toBeLessThan(3);
  await expect(page.getByTestId('compare-stopped')).toHaveText(`Stopped after ${kept.length} of 3.`);
  await expect(page.getByTestId('comparison-status')).toHaveText(`${kept.length} of 3 written`);

  await page.getByTestId('compare-resume').click();
  await expect(page.getByTestId('compare-start')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('comparison-status')).toHaveText('Complete');
  const finished = await bridge.backend.handle('compare.get', { id: summary.id });
  expect(finished.result.complete).toBe(true);
  expect(finished.result.rows).toHaveLength(3);
  // The rows written before the cancel are kept as they were, not written again.
  for (const row of kept) expect(finished.result.rows.find((r) => r.config.id === row.config.id)).toEqual(row);
  await expect(page.getByTestId('compare-output')).toHaveText(finished.result.rows.map((row) => row.output));
  expect((await bridge.backend.handle('compare.list', {})).total).toBe(1);
});

test('judge ratings when asked: each of the four shown as the judge gave it, or as unparsed with the reason', async ({ app: page, bridge }) => {
  test.setTimeout(180_000);
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('nav-compare').click();
  await keepPlainComparison(page);
  await setSampling(page, 'maxTokens', 8);
  await page.getByTestId('compare-judge-toggle').check();
  await page.getByTestId('compare-start').click();
  await expect(page.getByTestId('comparison-item')).toHaveCount(1, { timeout: 120_000 });
  const id = (await page.getByTestId('comparison-item').getAttribute('data-id'))!;
  const { result } = await bridge.backend.handle('compare.get', { id });
  expect(result.judge).toBe(true);
  const judge = result.rows[0].scores!.judge!;
  for (const criterion of ['faithfulness', 'coverage', 'fluency', 'style'] as const) {
    const rating = judge.ratings[criterion];
    const cell = page.locator(`[data-testid="compare-judge"][data-criterion="${criterion}"][data-id="plain"]`);
    if ('score' in rating) await expect(cell).toHaveText(String(rating.score));
    else await expect(cell).toHaveText(`unparsed${rating.unparsed}`);
  }
});
