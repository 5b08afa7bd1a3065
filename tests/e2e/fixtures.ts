/**
 * Playwright fixtures for the browser specs: a fresh bridge (own history, own export folder, the
 * tiny generated model loaded in a real engine process) per test, the app opened on it, and a
 * helper that drops a file on the window the way a writer's drag and drop does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { createTinyModel } from '../fixtures/gguf/tiny-model';
import { startBridge, type Bridge, type BridgeOptions } from './bridge/server';

export interface DroppedFile {
  name: string;
  content: string | Uint8Array;
  mimeType?: string;
}

interface Fixtures {
  /** Override per describe block with test.use({ bridgeOptions: { ... } }). */
  bridgeOptions: Partial<Pick<BridgeOptions, 'loadModel' | 'articlePath' | 'modelPath'>>;
  bridge: Bridge & { exportDir: string };
  app: Page;
}

export const test = base.extend<Fixtures, { tinyModelPath: string }>({
  tinyModelPath: [async ({}, use) => use(await createTinyModel()), { scope: 'worker' }],

  bridgeOptions: [{}, { option: true }],

  bridge: async ({ tinyModelPath, bridgeOptions }, use) => {
    const root = await mkdtemp(join(tmpdir(), 'steerling-e2e-'));
    const exportDir = join(root, 'exports');
    const bridge = await startBridge({
      port: 0,
      dataDir: join(root, 'data'),
      exportDir,
      modelPath: tinyModelPath,
      ...bridgeOptions,
    });
    try {
      await use(Object.assign(bridge, { exportDir }));
    } finally {
      await bridge.close();
      await rm(root, { recursive: true, force: true });
    }
  },

  app: async ({ page, bridge }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A CSP violation or an uncaught rejection is a bug even when the test would pass.
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(bridge.url);
    await expect(page.getByTestId('compose-view')).toBeVisible();
    await use(page);
    expect(problems, 'the page logged errors').toEqual([]);
  },
});

export { expect };

/** Drops `file` on the window: the DataTransfer is built inside the page, as a real drop's would be. */
export async function dropFile(page: Page, file: DroppedFile): Promise<void> {
  const bytes = Array.from(typeof file.content === 'string' ? new TextEncoder().encode(file.content) : file.content);
  const dataTransfer = await page.evaluateHandle(
    ({ name, mimeType, bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: mimeType }));
      return transfer;
    },
    { name: file.name, mimeType: file.mimeType ?? '', bytes },
  );
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeHidden();
  await dataTransfer.dispose();
}

/** Opens the sampling panel and sets one value. */
export async function setSampling(page: Page, key: 'temperature' | 'topP' | 'seed' | 'maxTokens' | 'repeatPenalty', value: number): Promise<void> {
  const panel = page.getByTestId('sampling-panel');
  if (!(await panel.evaluate((details) => (details as HTMLDetailsElement).open))) {
    await panel.locator('summary').click();
  }
  await page.getByTestId(`sampling-${key}`).fill(String(value));
}

/**
 * Waits for Compare's suggested line-up (plain, prompted, steered) and keeps plain only, so a test
 * lines up exactly the configurations it names.
 */
export async function keepPlainComparison(page: Page): Promise<void> {
  const configs = page.getByTestId('compare-config');
  await expect(configs).toHaveCount(3);
  while ((await configs.count()) > 1) await configs.nth(1).getByTestId('compare-config-remove').click();
  await expect(configs).toHaveCount(1);
  await expect(configs.first()).toHaveAttribute('data-id', 'plain');
}
