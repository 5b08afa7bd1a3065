/**
 * The real Electron shell, driven by Playwright: the window's security settings, the preload's
 * exact surface, IPC envelopes and errors, and one summary through the utilityProcess engine.
 *
 * Runs only where an Electron binary exists (ELECTRON_BIN, or node_modules/electron/path.txt
 * with its dist/ folder after a successful Electron download) and the app has been built for
 * production (`npm run package` builds .vite/); elsewhere every test skips and says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { EventPayloads, SteerlingApi } from '../../src-main/ipc/contract';
import { createTinyModel } from '../fixtures/gguf/tiny-model';

declare global {
  interface Window {
    steerling: SteerlingApi;
  }
}

const projectDir = path.resolve(import.meta.dirname, '../..');
const BUILT_FILES = [
  '.vite/build/main.js',
  '.vite/build/preload.cjs',
  '.vite/build/engine-worker.js',
  '.vite/renderer/main_window/index.html',
];

function electronBinary(): string | undefined {
  if (process.env.ELECTRON_BIN) return fs.existsSync(process.env.ELECTRON_BIN) ? process.env.ELECTRON_BIN : undefined;
  const pathFile = path.join(projectDir, 'node_modules/electron/path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const binary = path.join(projectDir, 'node_modules/electron/dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : undefined;
}

/** A dev build (`npm start`) points the window at a Vite server that is not running here. */
function productionBuildMissing(): string | undefined {
  const missing = BUILT_FILES.filter((file) => !fs.existsSync(path.join(projectDir, file)));
  if (missing.length > 0) return `the app is not built (${missing.join(', ')} missing): run \`npm run package\` first`;
  const main = fs.readFileSync(path.join(projectDir, '.vite/build/main.js'), 'utf8');
  if (/https?:\/\/localhost:\d+/.test(main)) return '.vite/ holds a development build: run `npm run package` first';
  return undefined;
}

const binary = electronBinary();
const skipReason = !binary
  ? 'no Electron binary here: set ELECTRON_BIN, or install electron where its download works (node_modules/electron/path.txt)'
  : productionBuildMissing();

test.describe('Electron shell', () => {
  test.skip(skipReason !== undefined, skipReason ?? '');
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let page: Page;
  let userData: string;
  const pageErrors: string[] = [];

  test.beforeAll(async () => {
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-electron-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [projectDir],
      env: { ...process.env, STEERLING_DATA_DIR: userData, ELECTRON_ENABLE_LOGGING: '1' },
    });
    page = await app.firstWindow();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  test('opens one window on the app origin', async () => {
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('steerling://app/index.html');
    await expect(page).toHaveTitle('Steerling');
  });

  test('exposes exactly the contract as window.steerling, isolated, and no Node', async () => {
    const surface = await page.evaluate(() => ({
      keys: Object.keys(window.steerling).sort(),
      // Functions crossing the context bridge are proxies: their source stays in the preload.
      invokeSource: window.steerling.invoke.toString(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(surface.keys).toEqual(['grantDroppedFile', 'invoke', 'on']);
    expect(surface.invokeSource).not.toContain('ipcRenderer');
    expect(surface).toMatchObject({ require: 'undefined', process: 'undefined' });
  });

  test('answers requests and returns typed errors as data', async () => {
    const info = await page.evaluate(() => window.steerling.invoke('app.info', {}));
    expect(info).toMatchObject({ shell: 'electron', dataDir: userData });
    expect(info.styles.length).toBeGreaterThan(0);

    const error = await page.evaluate(() =>
      window.steerling.invoke('history.list', { limit: -1 }).then(
        () => null,
        (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
      ),
    );
    expect(error?.code).toBe('ipc.invalid-args');
    expect(error?.message).toContain('limit');
  });

  test('refuses a file path the page makes up, and a forged File yields no grant', async () => {
    const target = path.join(userData, 'forged.json');
    const refused = await page.evaluate(
      (file) => window.steerling.invoke('libraries.export', { id: 'builtin', path: file }).catch((e: { code: string }) => e.code),
      target,
    );
    expect(refused).toBe('path.not-granted');
    expect(fs.existsSync(target)).toBe(false);
    // A File built by the page has no path on disk, so the preload asks main for nothing.
    const handle = await page.evaluate(() => window.steerling.grantDroppedFile(new File(['x'], 'passwd')));
    expect(handle).toBe('');
  });

  test('blocks remote requests, new windows and navigation', async () => {
    const fetched = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'loaded',
        () => 'blocked',
      ),
    );
    expect(fetched).toBe('blocked');
    // file: URLs, because web links are handed to the system browser, which a test must not open.
    expect(await page.evaluate(() => window.open('file:///etc/hostname') === null)).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'file:///etc/hostname';
    });
    await page.waitForTimeout(300);
    expect(page.url()).toBe('steerling://app/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  test('summarises through the engine in its utility process and saves the result', async () => {
    const modelPath = await createTinyModel();
    const model = await page.evaluate((p) => window.steerling.invoke('models.load', { path: p }), modelPath);
    expect(model.path).toBe(modelPath);

    const done = await page.evaluate(async () => {
      const article = await window.steerling.invoke('articles.fromText', {
        text: 'The river festival returned this weekend with boats, music and food stalls along the quay.',
        title: 'River festival',
      });
      return new Promise<EventPayloads['summary.done'] | { error: string }>((resolve) => {
        let jobId = '';
        const offDone = window.steerling.on('summary.done', (p) => {
          if (p.jobId !== jobId) return;
          offDone();
          resolve(p);
        });
        window.steerling.on('summary.error', (p) => {
          if (p.jobId === jobId) resolve({ error: `${p.code}: ${p.message}` });
        });
        void window.steerling
          .invoke('summary.start', {
            article,
            mode: 'plain',
            sampling: { temperature: 0, topP: 1, seed: 1, maxTokens: 12, repeatPenalty: 1.1 },
          })
          .then((r) => {
            jobId = r.jobId;
          });
      });
    });
    expect('error' in done ? done.error : null).toBeNull();
    const { record } = done as EventPayloads['summary.done'];
    expect(record.article.title).toBe('River festival');
    expect(record.output.length).toBeGreaterThan(0);
    const listed = await page.evaluate(() => window.steerling.invoke('history.list', { query: 'festival' }));
    expect(listed.items.map((item) => item.id)).toContain(record.id);
    expect(pageErrors).toEqual([]);
  });
});
