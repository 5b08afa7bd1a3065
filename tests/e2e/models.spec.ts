/**
 * Model management as a writer meets it, through the browser bridge with the real model manager
 * and engine: a fresh install opens on the welcome screen, one click downloads the recommended
 * version (from a local stand-in for the hub, slowed down so progress can be seen) and ends in a
 * loaded model that summarises; the Models view pauses and resumes a download without losing
 * bytes, and refuses a file that is not a model in words a writer understands.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { defaultCatalogEntry } from '../../src-main/core/models/catalog';
import { createTinyModel } from '../fixtures/gguf/tiny-model';
import { startHubServer, type HubServer } from '../fixtures/models/hub-server';
import { HARBOUR_ARTICLE } from './articles';
import { startBridge, type Bridge } from './bridge/server';
import { dropFile, setSampling } from './fixtures';

const REPO = 'Steerling/Tiny-Instruct-GGUF';

interface ModelsFixtures {
  /** The hub serving two tiny GGUF models, and a catalog file that offers them. */
  hub: HubServer & { catalogPath: string; root: string };
  /** Starts the bridge on that catalog and hub; `tinyModel: true` loads a model first (no first run). */
  startApp(options?: { loadTinyModel?: boolean }): Promise<{ page: Page; bridge: Bridge }>;
}

const test = base.extend<ModelsFixtures>({
  hub: async ({}, use) => {
    const root = await mkdtemp(join(tmpdir(), 'steerling-e2e-models-'));
    const hub = await startHubServer();
    const small = await readFile(await createTinyModel({ name: 'Tiny Instruct (small)' }));
    const large = await readFile(await createTinyModel({ name: 'Tiny Instruct (large)', nFf: 256 }));
    const shape = { architecture: 'llama', layers: 4, embedding: 64, heads: 4, kvHeads: 2, trainContext: 4096 };
    const entry = (id: string, quantisation: string, bytes: Buffer, isDefault: boolean, description: string) => ({
      ...defaultCatalogEntry(),
      id,
      family: 'Tiny Instruct',
      label: `Tiny Instruct (${quantisation})`,
      quantisation,
      default: isDefault,
      repo: REPO,
      revision: 'main',
      file: `${id}.gguf`,
      sizeBytes: bytes.length,
      sha256: hub.addFile(REPO, 'main', `${id}.gguf`, bytes).sha256,
      ramBytes: 64 * 1024 * 1024,
      vramBytes: 32 * 1024 * 1024,
      shape,
      description,
    });
    const catalog = {
      schemaVersion: 1,
      defaultHubEndpoint: 'https://huggingface.co',
      models: [
        entry('tiny-instruct.Q4_K_M', 'Q4_K_M', small, true, 'The balanced version: quick, and good enough for most articles.'),
        entry('tiny-instruct.Q8_0', 'Q8_0', large, false, 'Larger and slower; for writers who want every nuance.'),
      ],
    };
    const catalogPath = join(root, 'catalog.json');
    await writeFile(catalogPath, JSON.stringify(catalog, null, 2));
    try {
      await use(Object.assign(hub, { catalogPath, root }));
    } finally {
      await hub.close();
      await rm(root, { recursive: true, force: true });
    }
  },

  startApp: async ({ hub, page }, use) => {
    const bridges: Bridge[] = [];
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await use(async ({ loadTinyModel = false } = {}) => {
      const bridge = await startBridge({
        port: 0,
        dataDir: join(hub.root, 'data'),
        exportDir: join(hub.root, 'exports'),
        modelPath: loadTinyModel ? await createTinyModel() : undefined,
        // HF_ENDPOINT, as a writer behind a mirror would set it; no GPU probing on the test machine.
        models: { catalogPath: hub.catalogPath, env: { ...process.env, HF_ENDPOINT: hub.url }, gpu: false, retry: { maxRetries: 0 } },
      });
      bridges.push(bridge);
      await page.goto(bridge.url);
      return { page, bridge };
    });
    const logged = [...problems];
    // Leave the page before its server goes, so the closing connection is not logged as a problem.
    await page.goto('about:blank');
    for (const bridge of bridges) await bridge.close();
    expect(logged, 'the page logged errors').toEqual([]);
  },
});

test.describe.configure({ timeout: 240_000 });

test('a fresh install opens on the welcome screen, downloads the recommended model in one click and summarises with it', async ({ hub, startApp }, testInfo) => {
  // Slow enough to watch the progress bar, quick enough for a loaded two-core machine.
  hub.faults.bytesPerSecond = 160_000;
  const { page, bridge } = await startApp();

  const welcome = page.getByTestId('onboarding');
  await expect(welcome).toBeVisible();
  await expect(page.getByTestId('compose-view')).toHaveCount(0);
  // The first catalog answer asks node-llama-cpp about the hardware: give a busy machine time.
  await expect(page.getByTestId('onboarding-model')).toHaveText('Tiny Instruct (Q4_K_M)', { timeout: 60_000 });
  await expect(page.getByTestId('onboarding-choice')).toHaveAttribute('data-id', 'tiny-instruct.Q4_K_M');
  await expect(page.getByTestId('onboarding-reason')).toContainText('recommended version');
  // No graphics card here: the welcome screen says so honestly, before anything is downloaded.
  await expect(page.getByTestId('fit')).toHaveAttribute('data-mode', 'cpu');
  await expect(page.getByTestId('fit-warning')).toContainText('runs on the processor');
  await page.screenshot({ path: testInfo.outputPath('onboarding.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: testInfo.outputPath('onboarding-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  const seenPercents = new Set<string>();
  await page.exposeFunction('recordPercent', (text: string) => seenPercents.add(text));
  await page.evaluate(() => {
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="onboarding-progress-percent"]')?.textContent;
      if (text) (window as unknown as { recordPercent(t: string): void }).recordPercent(text.trim());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

  await page.getByTestId('onboarding-download').click();
  const progress = page.getByTestId('onboarding-progress');
  await expect(progress).toBeVisible();
  await expect(page.getByTestId('onboarding-progress-status')).toHaveText(/(KB|MB) of \d[\d.]* MB/);
  await page.screenshot({ path: testInfo.outputPath('onboarding-downloading.png') });

  // Done: the model is loaded and the writer lands on the compose view.
  await expect(page.getByTestId('compose-view')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('model-name')).toHaveText('tiny-instruct.Q4_K_M', { timeout: 60_000 });
  await expect(page.getByTestId('toast').filter({ hasText: 'is ready' })).toBeVisible();
  expect(seenPercents.size, `progress moved: ${[...seenPercents].join(', ')}`).toBeGreaterThan(1);
  const current = await bridge.backend.handle('models.current', {});
  expect(current?.path).toBe(join(hub.root, 'data', 'models', 'tiny-instruct.Q4_K_M.gguf'));

  await dropFile(page, HARBOUR_ARTICLE);
  await setSampling(page, 'maxTokens', 12);
  await page.getByTestId('mode-plain').check();
  await page.getByTestId('summarise-button').click();
  await expect(page.getByTestId('summary-status')).toHaveText('Done', { timeout: 120_000 });
  expect(((await page.getByTestId('summary-text').textContent()) ?? '').trim().length).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('first-summary.png') });

  // The next start is no longer a first run.
  expect((await bridge.backend.handle('app.info', {})).firstRun).toBe(false);
});

test('the Models view pauses and resumes a download without losing bytes, and uses the result', async ({ hub, startApp }, testInfo) => {
  hub.faults.bytesPerSecond = 60_000;
  const { page, bridge } = await startApp({ loadTinyModel: true });
  await expect(page.getByTestId('compose-view')).toBeVisible();

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('models-view')).toBeVisible();
  const card = page.locator('[data-testid="catalog-card"][data-id="tiny-instruct.Q8_0"]');
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-testid="catalog-card"][data-id="tiny-instruct.Q4_K_M"] [data-testid="recommended-badge"]')).toBeVisible();
  await expect(card.getByTestId('catalog-facts')).toContainText('Q8_0');
  await expect(page.getByTestId('hardware-gpu')).toHaveText(/None found/, { timeout: 60_000 });
  await expect(page.getByTestId('hardware-warning')).toContainText('processor');
  await page.getByTestId('hardware-panel').screenshot({ path: testInfo.outputPath('hardware-panel.png') });

  await card.getByTestId('catalog-download-button').click();
  const status = card.getByTestId('catalog-download-status');
  await expect(status).toHaveText(/(KB|MB) of/);
  await expect(card.getByTestId('catalog-download-pause')).toBeEnabled();
  await card.getByTestId('catalog-download-pause').click();
  await expect(card.getByTestId('catalog-download')).toHaveAttribute('data-state', 'paused');
  await expect(status).toHaveText(/^Paused at \d/);
  await page.screenshot({ path: testInfo.outputPath('models-paused.png'), fullPage: true });

  const paused = await bridge.backend.handle('models.installed', {});
  expect(paused.downloads.find((d) => d.id === 'tiny-instruct.Q8_0')?.state).toBe('paused');
  const keptOnDisk = paused.diskUsage.partialBytes;
  expect(keptOnDisk).toBeGreaterThan(0);

  hub.faults.bytesPerSecond = 400_000;
  const requestsBefore = hub.requests.length;
  await card.getByTestId('catalog-download-resume').click();
  await expect(card.getByTestId('catalog-installed')).toBeVisible({ timeout: 120_000 });
  // The resumed transfer asked only for the rest of the file.
  const resumed = hub.requests.slice(requestsBefore).filter((r) => r.server === 'cdn' && r.method === 'GET');
  expect(resumed.length).toBeGreaterThan(0);
  expect(resumed[0].range).toMatch(/^bytes=[1-9]\d*-$/);
  expect(Number(/\d+/.exec(resumed[0].range ?? '')?.[0])).toBeLessThanOrEqual(keptOnDisk);

  // It is installed, with what the file says about itself, and can be used.
  const row = page.locator('[data-testid="installed-model"][data-id="tiny-instruct.Q8_0"]');
  await expect(row.getByTestId('installed-facts')).toContainText('4 layers');
  await expect(row.getByTestId('installed-facts')).toContainText('4,096 tokens of context');
  await expect(row.getByTestId('installed-facts')).toContainText(/\d parameters/);
  await expect(page.getByTestId('disk-usage')).toContainText('Models take');
  await row.getByTestId('installed-use').click();
  await expect(page.getByTestId('model-name')).toHaveText('tiny-instruct.Q8_0');
  await expect(row.getByTestId('installed-in-use')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('models-installed.png'), fullPage: true });
});

test('importing a file that is not a model says so plainly and changes nothing', async ({ hub, startApp }, testInfo) => {
  const { page, bridge } = await startApp({ loadTinyModel: true });
  const notes = join(hub.root, 'notes.gguf');
  await writeFile(notes, 'Meeting notes, Tuesday.\nThis is not a model.\n');
  bridge.dialogs.answerOpen('model', notes);

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('installed-empty')).toBeVisible();
  await page.getByTestId('model-import').click();
  const error = page.getByTestId('model-import-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('That file could not be imported.');
  await expect(page.getByTestId('model-import-error-message')).toContainText('GGUF');
  await expect(error).toHaveAttribute('data-code', 'models.not-gguf');
  await page.screenshot({ path: testInfo.outputPath('models-import-error.png'), fullPage: true });

  await expect(page.getByTestId('installed-empty')).toBeVisible();
  expect((await bridge.backend.handle('models.installed', {})).models).toEqual([]);
});

test('download settings: a wrong server address is refused in words, a token is kept and never shown again', async ({ hub, startApp }, testInfo) => {
  const { page, bridge } = await startApp({ loadTinyModel: true });
  await page.getByTestId('nav-models').click();
  await page.getByTestId('model-settings').locator('summary').click();
  await expect(page.getByTestId('settings-token-status')).toHaveText(/No access token/);

  await page.getByTestId('settings-hub').fill('ftp://mirror.example.org');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-error-message')).toContainText('must start with https://');
  expect((await bridge.backend.handle('settings.get', {})).hubEndpoint).toBeNull();

  await page.getByTestId('settings-hub').fill(`${hub.url}/`);
  await page.getByTestId('settings-token').fill('hf_e2eToken');
  await page.getByTestId('settings-threads').fill('2');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Settings saved' })).toBeVisible();
  await expect(page.getByTestId('settings-error')).toHaveCount(0);
  await expect(page.getByTestId('settings-token')).toHaveValue('');
  await expect(page.getByTestId('settings-hub')).toHaveValue(hub.url);
  // The bridge, like the terminal, has no keychain: the token lasts for this session only.
  await expect(page.getByTestId('settings-token-status')).toContainText('until Steerling closes');
  await page.getByTestId('settings-token').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('models-settings.png') });

  const saved = await bridge.backend.handle('settings.get', {});
  expect(saved).toMatchObject({ hubEndpoint: hub.url, threads: 2, hasAccessToken: true, accessTokenSource: 'session' });
  expect(JSON.stringify(saved)).not.toContain('hf_e2eToken');
  expect(await readFile(join(hub.root, 'data', 'model-settings.json'), 'utf8')).not.toContain('hf_e2eToken');

  await page.getByTestId('settings-token-remove').click();
  await expect(page.getByTestId('settings-token-status')).toHaveText(/No access token/);
});

test('a download cut off by closing the app continues from where it stopped on the welcome screen', async ({ hub, startApp }) => {
  hub.faults.bytesPerSecond = 60_000;
  const first = await startApp();
  await first.page.getByTestId('onboarding-download').click();
  await expect(first.page.getByTestId('onboarding-progress-status')).toHaveText(/(KB|MB) of/, { timeout: 60_000 });
  // Quitting mid-download: the backend pauses it and keeps every byte.
  await first.page.goto('about:blank');
  await first.bridge.close();

  hub.faults.bytesPerSecond = 400_000;
  const { page, bridge } = await startApp();
  const onDisk = (await bridge.backend.handle('models.installed', {})).downloads.find((d) => d.id === 'tiny-instruct.Q4_K_M');
  expect(onDisk?.bytes).toBeGreaterThan(0);
  await expect(page.getByTestId('onboarding')).toHaveAttribute('data-phase', 'downloading');
  await expect(page.getByTestId('onboarding-progress')).toHaveAttribute('data-state', 'paused');
  await expect(page.getByTestId('onboarding-progress-status')).toHaveText(/^Paused at \d/);

  const requestsBefore = hub.requests.length;
  await page.getByTestId('onboarding-progress-resume').click();
  await expect(page.getByTestId('compose-view')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('model-name')).toHaveText('tiny-instruct.Q4_K_M', { timeout: 60_000 });
  const resumed = hub.requests.slice(requestsBefore).filter((r) => r.server === 'cdn' && r.method === 'GET');
  expect(resumed[0]?.range).toMatch(/^bytes=[1-9]\d*-$/);
});

test('a file nothing can verify is refused, and installed only when the writer chooses to', async ({ hub, startApp }) => {
  // No pinned checksum in the catalog, and a plain server that sends none either.
  const catalog = JSON.parse(await readFile(hub.catalogPath, 'utf8')) as { models: { sha256: string | null }[] };
  await writeFile(hub.catalogPath, JSON.stringify({ ...catalog, models: catalog.models.map((m) => ({ ...m, sha256: null })) }));
  hub.faults.noHashHeaders = true;
  const { page, bridge } = await startApp({ loadTinyModel: true });
  await page.getByTestId('nav-models').click();
  const card = page.locator('[data-testid="catalog-card"][data-id="tiny-instruct.Q8_0"]');
  await expect(card).toBeVisible({ timeout: 60_000 });

  await card.getByTestId('catalog-download-button').click();
  await expect(card.getByTestId('catalog-download-error')).toContainText('no checksum');
  expect((await bridge.backend.handle('models.installed', {})).models.map((m) => m.id)).not.toContain('tiny-instruct.Q8_0');

  await card.getByTestId('catalog-download-accept-unverified').click();
  await expect(card.getByTestId('catalog-installed')).toBeVisible({ timeout: 60_000 });
  expect((await bridge.backend.handle('models.installed', {})).models.map((m) => m.id)).toContain('tiny-instruct.Q8_0');
});
