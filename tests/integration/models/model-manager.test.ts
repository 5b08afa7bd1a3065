/**
 * The ModelManager on its own: what a shell relies on beyond the contract channels (resuming
 * downloads left by an earlier run, pausing everything on dispose, where the catalog and the hub
 * address come from).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogError, defaultCatalogEntry, parseCatalog, type CatalogEntry } from '../../../src-main/core/models/catalog';
import { ModelManager, type ModelManagerEvent, type ModelManagerOptions } from '../../../src-main/core/models/model-manager';
import { startHubServer, type HubServer } from '../../fixtures/models/hub-server';
import { tinyGgufBytes } from '../../fixtures/models/sample-files';

const TMP = resolve('tests/.tmp');
const model = tinyGgufBytes('Manager Test Model');
const entry: CatalogEntry = {
  ...defaultCatalogEntry(),
  id: 'tiny.Q4_K_M',
  label: 'Tiny test model',
  default: true,
  repo: 'Steerling/Tiny-GGUF',
  revision: 'main',
  file: 'tiny.Q4_K_M.gguf',
  sizeBytes: model.length,
  sha256: createHash('sha256').update(model).digest('hex'),
};
const catalogData = { schemaVersion: 1, defaultHubEndpoint: 'https://huggingface.co', models: [entry] };

let hub: HubServer;
let root: string;
const managers: ModelManager[] = [];

function manager(options: Partial<ModelManagerOptions> = {}): { manager: ModelManager; events: ModelManagerEvent[]; until: (state: string) => Promise<void> } {
  const created = new ModelManager({ modelsDir: join(root, 'models'), catalog: parseCatalog(catalogData), hubEndpoint: hub.url, gpu: false, env: {}, ...options });
  managers.push(created);
  const events: ModelManagerEvent[] = [];
  const waiters: { state: string; resolve: () => void }[] = [];
  created.onEvent((event) => {
    events.push(event);
    if (event.type === 'state') for (const w of waiters.filter((w) => w.state === event.state)) w.resolve();
  });
  const until = (state: string) =>
    events.some((e) => e.type === 'state' && e.state === state) ? Promise.resolve() : new Promise<void>((done) => waiters.push({ state, resolve: done }));
  return { manager: created, events, until };
}

const firstBytes = (events: ModelManagerEvent[]) =>
  new Promise<void>((done) => {
    const check = setInterval(() => {
      if (events.some((e) => e.type === 'progress' && e.bytes > 0)) {
        clearInterval(check);
        done();
      }
    }, 10);
  });

beforeEach(async () => {
  hub = await startHubServer();
  hub.addFile(entry.repo, entry.revision, entry.file, model);
  mkdirSync(TMP, { recursive: true });
  root = await mkdtemp(join(TMP, 'model-manager-'));
});

afterEach(async () => {
  for (const m of managers.splice(0)) await m.dispose();
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('ModelManager', () => {
  it('pauses running downloads on dispose, and a new manager resumes what it finds on disk when asked', async () => {
    hub.faults.bytesPerSecond = 200_000;
    const first = manager();
    await first.manager.download(entry.id);
    await firstBytes(first.events);
    await first.manager.dispose();
    expect(first.events.filter((e) => e.type === 'state').map((e) => (e.type === 'state' ? e.state : ''))).toEqual(['downloading', 'paused']);
    const kept = statSync(join(root, 'models', `${entry.file}.part`)).size;
    expect(kept).toBeGreaterThan(0);
    await expect(first.manager.download(entry.id)).rejects.toMatchObject({ code: 'shutting-down' });

    hub.faults.bytesPerSecond = null;
    const second = manager();
    const resumed = await second.manager.resumePartialDownloads();
    expect(resumed.map((d) => [d.id, d.state])).toEqual([[entry.id, 'downloading']]);
    await second.until('done');
    expect(hub.requests.filter((r) => r.server === 'cdn').at(-1)!.range).toBe(`bytes=${kept}-`);
    expect(readFileSync(join(root, 'models', entry.file)).equals(model)).toBe(true);
    expect(await second.manager.resumePartialDownloads()).toEqual([]);
  });

  it('takes the hub address from the shell setting, else HF_ENDPOINT, else the catalog', async () => {
    let setting: string | null = 'https://mirror.example/';
    const fromSetting = manager({ hubEndpoint: () => setting, env: { HF_ENDPOINT: 'https://env.example' } });
    expect(await fromSetting.manager.hubEndpoint()).toBe('https://mirror.example');
    setting = null;
    expect(await fromSetting.manager.hubEndpoint()).toBe('https://env.example');
    expect(await manager({ hubEndpoint: undefined }).manager.hubEndpoint()).toBe('https://huggingface.co');
    await expect(manager({ hubEndpoint: 'file:///etc' }).manager.hubEndpoint()).rejects.toThrow(/must start with https/);
  });

  it('reads a catalog file from STEERLING_CATALOG, refuses an invalid one, and reads it again once fixed', async () => {
    const path = join(root, 'catalog.json');
    writeFileSync(path, JSON.stringify({ ...catalogData, models: [{ ...entry, default: false }] }));
    const { manager: m } = manager({ catalog: undefined, env: { STEERLING_CATALOG: path } });
    const refused = await m.catalog().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CatalogError);
    expect((refused as Error).message).toContain('exactly one model must be the default');
    writeFileSync(path, JSON.stringify(catalogData));
    expect((await m.catalog()).models.map((e) => e.id)).toEqual([entry.id]);
  });
});
