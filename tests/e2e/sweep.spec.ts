/**
 * The Sweep view through the bridge and a real engine process on the generated model: a 2 × 2
 * sweep of one pair, cancelled while it writes its baselines and resumed by id from the saved
 * list; the heat map with four filled cells, the best-cell note with its rule (both as the engine
 * saved them), a cell's numbers on hover, the content channel, CSV and JSON exports, and the best
 * (or a pinned) cell saved as a preset that the steered mode then offers in one click; and a
 * sweep left "running" by an app that closed, listed as interrupted and resumed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HARBOUR_ARTICLE } from './articles';
import { dropFile, expect, setSampling, test } from './fixtures';

test('a 2 × 2 sweep is cancelled, resumed, mapped with its best cell, exported, and saved as a preset', async ({ app: page, bridge }, testInfo) => {
  test.setTimeout(300_000);
  await dropFile(page, HARBOUR_ARTICLE);
  await page.getByTestId('nav-sweep').click();
  await expect(page.getByTestId('sweep-view')).toBeVisible();
  await expect(page.getByTestId('eval-article-title')).toHaveText(HARBOUR_ARTICLE.title);
  // The layer inputs are bounded by the model (the tiny model steers 2–4) with the convention beside them.
  await expect(page.getByTestId('sweep-layer-bounds')).toContainText('This model steers layers 2–4.');
  await expect(page.getByTestId('sweep-layer-convention')).toContainText('entering block L');
  await expect(page.getByTestId('sweep-layer-from')).toHaveAttribute('min', '2');
  await expect(page.getByTestId('sweep-layer-to')).toHaveAttribute('max', '4');

  await page.getByTestId('steering-source-pair').check();
  await page.getByTestId('steering-library').selectOption('builtin');
  await page.getByTestId('steering-style').selectOption('shakespearean');
  await page.getByTestId('steering-pair').selectOption('thou-you');
  await page.getByTestId('sweep-method-caa').check();
  await page.getByTestId('sweep-layer-from').fill('2');
  await page.getByTestId('sweep-layer-to').fill('5');
  await expect(page.getByTestId('sweep-form-problem')).toHaveText('Choose layers between 2 and 4.');
  await expect(page.getByTestId('sweep-start')).toBeDisabled();
  await page.getByTestId('sweep-layer-to').fill('3');
  await page.getByTestId('sweep-coefficients').fill('2, x');
  await expect(page.getByTestId('sweep-form-problem')).toHaveText('“x” is not a number.');
  await page.getByTestId('sweep-coefficients').fill('2, 4');
  await expect(page.getByTestId('sweep-cell-count')).toContainText('4 cells: 2 layers × 2 strengths × 1 method');
  // Long enough that the plain summary is still being written when Cancel lands.
  await setSampling(page, 'maxTokens', 40);

  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('heatmap-cell')).toHaveCount(4);
  await page.getByTestId('sweep-cancel').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('Cancelled', { timeout: 120_000 });
  const item = page.getByTestId('sweep-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-status', 'cancelled');
  const sweepId = (await item.getAttribute('data-id'))!;
  const cancelled = await bridge.backend.handle('sweep.get', { sweepId });
  expect(cancelled.entry.status).toBe('cancelled');
  const kept = cancelled.result?.cells.length ?? 0;
  expect(kept).toBeLessThan(4);
  await expect(page.locator('[data-testid="heatmap-cell"][data-state="filled"]')).toHaveCount(kept);

  // Resuming continues the same sweep (same id, same list entry) to the end.
  await item.getByTestId('sweep-resume').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('Complete', { timeout: 240_000 });
  await expect(page.locator('[data-testid="heatmap-cell"][data-state="filled"]')).toHaveCount(4);
  await expect(page.getByTestId('sweep-progress-text')).toContainText('4 of 4 cells');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-status', 'complete');

  const detail = await bridge.backend.handle('sweep.get', { sweepId });
  expect(detail.entry).toMatchObject({ status: 'complete', done: 4, total: 4 });
  const result = detail.result!;
  expect(result.cells.map((cell) => `${cell.layerStart}x${cell.coefficient}`)).toEqual(['2x2', '2x4', '3x2', '3x4']);
  // The best-cell note is the engine's reason and rule, and the outline sits on the cell it picked.
  await expect(page.getByTestId('sweep-best-reason')).toContainText(detail.entry.bestReason!);
  await expect(page.getByTestId('sweep-best-rule')).toHaveText(`Rule: ${result.best.rule}`);
  const outlined = page.locator('[data-testid="heatmap-cell"][data-best="true"]');
  if (result.best.cell) {
    await expect(outlined).toHaveCount(1);
    await expect(outlined).toHaveAttribute('data-layer', String(result.best.cell.layerStart));
    await expect(outlined).toHaveAttribute('data-coefficient', String(result.best.cell.coefficient));
  } else {
    await expect(outlined).toHaveCount(0);
  }

  // Hovering a cell shows its own numbers and the start of what it wrote.
  const target = result.cells[3];
  const cell = page.locator(`[data-testid="heatmap-cell"][data-layer="${target.layerStart}"][data-coefficient="${target.coefficient}"]`);
  await cell.hover();
  await expect(page.getByTestId('cell-detail')).toHaveAttribute('data-key', target.key);
  await expect(page.getByTestId('cell-detail-output')).toContainText(target.output.trim().split(/\s+/).slice(0, 3).join(' '));
  await expect(page.getByTestId('cell-detail-style')).toHaveText(`${target.styleScore!.toFixed(1)} per 100 words`);
  await expect(page.getByTestId('cell-detail-content')).toHaveText(target.contentScore!.toFixed(3));
  await page.getByTestId('heatmap-channel-content').check();
  await expect(cell).toHaveText(target.contentScore!.toFixed(2));
  await expect(page.getByTestId('heatmap-legend')).toContainText('Content: ROUGE-L F1 against the plain summary');
  await page.getByTestId('heatmap-channel-both').check();
  await page.mouse.move(0, 0);
  await page.getByTestId('sweep-results').screenshot({ path: testInfo.outputPath('sweep-heatmap.png') });

  // Exports: the saved results, as the engine wrote them.
  await page.getByTestId('sweep-export-csv').click();
  const csvPath = join(bridge.exportDir, `${HARBOUR_ARTICLE.title} sweep.csv`);
  await expect.poll(() => bridge.dialogs.saved.includes(csvPath)).toBe(true);
  await expect.poll(async () => (await readFile(csvPath, 'utf8').catch(() => '')).split(/\r?\n/).filter((line) => line.startsWith('cell,caa,')).length).toBe(4);
  await page.getByTestId('sweep-export-json').click();
  const jsonPath = join(bridge.exportDir, `${HARBOUR_ARTICLE.title} sweep.json`);
  await expect.poll(async () => JSON.parse((await readFile(jsonPath, 'utf8').catch(() => '{}')) || '{}').cells?.length).toBe(4);
  expect(JSON.parse(await readFile(jsonPath, 'utf8')).cells.map((c: { output: string }) => c.output)).toEqual(result.cells.map((c) => c.output));

  // Pin a cell and save it as a preset on the pair; the steered mode offers it in one click.
  await cell.click();
  await page.getByTestId('sweep-results').locator('h3').hover();
  await expect(page.getByTestId('cell-detail')).toHaveAttribute('data-key', target.key);
  await page.getByTestId('save-preset').click();
  await expect.poll(async () => (await bridge.backend.handle('presets.list', {})).items.length).toBe(1);
  const [preset] = (await bridge.backend.handle('presets.list', {})).items;
  expect(preset).toMatchObject({ pairId: 'shakespearean/thou-you', method: 'caa', layerStart: target.layerStart, layerEnd: target.layerEnd, coefficient: target.coefficient, sweepId });

  await page.getByTestId('nav-compose').click();
  await page.getByTestId('mode-steered').check();
  await page.getByTestId('steering-pair').selectOption('thou-you');
  await page.getByTestId('coefficient-input').fill('9');
  const chip = page.getByTestId('steering-preset');
  await expect(chip).toHaveCount(1);
  await expect(chip).toHaveText(`CAA, layer ${target.layerStart}, ×${target.coefficient}`);
  await chip.click();
  await expect(page.getByTestId('layer-single')).toBeChecked();
  await expect(page.getByTestId('layer-start')).toHaveValue(String(target.layerStart));
  await expect(page.getByTestId('coefficient-input')).toHaveValue(String(target.coefficient));
  await expect(page.getByTestId('steering-method-caa')).toBeChecked();
  // Another pair has no presets.
  await page.getByTestId('steering-pair').selectOption('');
  await expect(chip).toHaveCount(0);
});

test('a sweep the app left running (it closed mid-way) is listed as interrupted and resumes to the end', async ({ app: page, bridge }) => {
  test.setTimeout(180_000);
  const { backend } = bridge;
  const article = await backend.handle('articles.fromText', { text: HARBOUR_ARTICLE.content });
  const { sweepId } = await backend.handle('sweep.start', {
    article,
    style: 'shakespearean',
    pairId: 'shakespearean/thou-you',
    methods: ['all'],
    layers: [2],
    coefficients: [1, 3],
    sampling: { temperature: 0.7, topP: 0.9, seed: 5, maxTokens: 8, repeatPenalty: 1.1 },
  });
  await backend.handle('sweep.cancel', { sweepId });
  await expect.poll(async () => (await backend.handle('sweep.get', { sweepId })).entry.status, { timeout: 60_000 }).toBe('cancelled');
  // What a crash leaves behind: the entry still says running, and nothing runs it.
  const { dataDir } = await backend.handle('app.info', {});
  const entryPath = join(dataDir, 'sweeps', sweepId, 'entry.json');
  await writeFile(entryPath, JSON.stringify({ ...JSON.parse(await readFile(entryPath, 'utf8')), status: 'running' }));

  await page.getByTestId('nav-sweep').click();
  const item = page.locator(`[data-testid="sweep-item"][data-id="${sweepId}"]`);
  await expect(item).toHaveAttribute('data-status', 'interrupted');
  await expect(item.getByTestId('sweep-item-status')).toContainText('Interrupted');
  await item.getByTestId('sweep-resume').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('Complete', { timeout: 120_000 });
  await expect(page.locator('[data-testid="heatmap"][data-method="all"] [data-testid="heatmap-cell"][data-state="filled"]')).toHaveCount(2);
  await expect(item).toHaveAttribute('data-status', 'complete');
  expect((await backend.handle('sweep.get', { sweepId })).entry).toMatchObject({ status: 'complete', done: 2, total: 2 });
});
