/**
 * The `models.*` channels of the app backend against a local stand-in for the hub: what a window
 * sees when it downloads, pauses, resumes, cancels, imports, deletes and uses models.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCatalog, type Catalog, type CatalogEntry } from '../../../src-main/core/models/catalog';
import { trustedPaths } from '../../../src-main/backend/path-access';
import { createAppBackend } from '../../../src-main/backend/app-backend';
import type { AppBackend } from '../../../src-main/backend/backend';
import type { AppEvent, DownloadStateName, EventPayloads } from '../../../src-main/ipc/contract';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { readModelRecord } from '../../../src-main/core/models/model-record';
import { tinyCatalogEntry } from '../../fixtures/models/catalog-entry';
import { startHubServer, type HubServer } from '../../fixtures/models/hub-server';
import { tinyGgufBytes, writeSampleFiles, type SampleFiles } from '../../fixtures/models/sample-files';
import { answeringDialogs } from '../../unit/ipc/backend-harness';
import { ScriptedEngine } from '../../unit/ipc/scripted-engine';

const TMP = resolve('tests/.tmp');
const model = tinyGgufBytes('Backend Download Model');

let hub: HubServer;
let root: string;
let dataDir: string;
let samples: SampleFiles;
const opened: Session[] = [];

interface Session {
  backend: AppBackend;
  engine: ScriptedEngine;
  events: AppEvent[];
  /** The first `models.state` event (seen or to come) for `id` in `state`. */
  state(id: string, state: DownloadStateName): Promise<EventPayloads['models.state']>;
  /** The first `models.progress` event for `id` whose bytes pass `atLeast`. */
  progress(id: string, atLeast: number): Promise<EventPayloads['models.progress']>;
}

function entryFor(overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  return tinyCatalogEntry(model, overrides);
}

function catalogOf(...entries: CatalogEntry[]): Catalog {
  return parseCatalog({ schemaVersion: 1, defaultHubEndpoint: 'https://huggingface.co', models: entries });
}

function open(catalog: Catalog): Session {
  const engine = new ScriptedEngine();
  const backend = createAppBackend({
    dataDir,
    engine,
    dialogs: answeringDialogs({}),
    paths: trustedPaths,
    shell: 'bridge',
    version: '1.0.0',
    models: { catalog, hubEndpoint: hub.url, gpu: false, retry: { maxRetries: 0 } },
  });
  const events: AppEvent[] = [];
  const waiters: { match: (e: AppEvent) => boolean; resolve: (e: AppEvent) => void }[] = [];
  backend.onEvent((event, payload) => {
    const e = { event, payload } as AppEvent;
    events.push(e);
    for (const waiter of waiters.splice(0)) (waiter.match(e) ? waiter.resolve(e) : waiters.push(waiter));
  });
  const wait = <T>(match: (e: AppEvent) => boolean): Promise<T> => {
    const seen = events.find(match);
    if (seen) return Promise.resolve(seen.payload as T);
    return new Promise((done) => waiters.push({ match, resolve: (e) => done(e.payload as T) }));
  };
  const session: Session = {
    backend,
    engine,
    events,
    state: (id, state) => wait((e) => e.event === 'models.state' && e.payload.id === id && e.payload.state === state),
    progress: (id, atLeast) => wait((e) => e.event === 'models.progress' && e.payload.id === id && e.payload.bytes >= atLeast),
  };
  opened.push(session);
  return session;
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toIpcErrorPayload(error);
  }
  throw new Error('expected the call to fail');
}

const modelsDir = () => join(dataDir, 'models');
const cdnRequests = () => hub.requests.filter((r) => r.server === 'cdn');

beforeEach(async () => {
  hub = await startHubServer();
  mkdirSync(TMP, { recursive: true });
  root = await mkdtemp(join(TMP, 'backend-models-'));
  dataDir = join(root, 'data');
  mkdirSync(join(root, 'elsewhere'));
  samples = writeSampleFiles(join(root, 'elsewhere'));
});

afterEach(async () => {
  for (const session of opened.splice(0)) await session.backend.dispose();
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('models channels: downloads', () => {
  it('downloads a catalog model with progress events, then lists it as installed and no longer first run', async () => {
    const entry = entryFor();
    hub.addFile(entry.repo, entry.revision, entry.file, model);
    const s = open(catalogOf(entry));
    expect((await s.backend.handle('app.info', {})).firstRun).toBe(true);

    const started = await s.backend.handle('models.download', { id: 'Q4_K_M' });
    expect(started).toMatchObject({ id: 'tiny.Q4_K_M', state: 'downloading', fileName: 'tiny.Q4_K_M.gguf' });
    const done = await s.state('tiny.Q4_K_M', 'done');
    expect(done.message).toContain('Tiny test model');

    const progress = s.events.flatMap((e) => (e.event === 'models.progress' ? [e.payload] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.id === 'tiny.Q4_K_M' && p.total === model.length)).toBe(true);
    expect(progress.map((p) => p.bytes)).toEqual([...progress.map((p) => p.bytes)].sort((a, b) => a - b));
    expect(progress.at(-1)!.bytes).toBe(model.length);
    const states = s.events.flatMap((e) => (e.event === 'models.state' ? [e.payload.state] : []));
    expect(states[0]).toBe('downloading');
    expect(states.slice(-2)).toEqual(['verifying', 'done']);

    expect(readFileSync(join(modelsDir(), 'tiny.Q4_K_M.gguf')).equals(model)).toBe(true);
    const installed = await s.backend.handle('models.installed', {});
    expect(installed.models).toEqual([
      expect.objectContaining({ id: 'tiny.Q4_K_M', catalogId: 'tiny.Q4_K_M', label: 'Tiny test model', source: 'download', problem: null, loaded: false }),
    ]);
    expect(installed.downloads).toEqual([]);
    expect(installed.diskUsage).toMatchObject({ modelsBytes: model.length, partialBytes: 0 });
    expect((await s.backend.handle('app.info', {})).firstRun).toBe(false);

    const catalog = await s.backend.handle('models.catalog', {});
    expect(catalog.models[0]).toMatchObject({ id: 'tiny.Q4_K_M', installed: true, download: null });
    // Asking again for an installed model downloads nothing.
    const again = await s.backend.handle('models.download', { id: 'tiny.Q4_K_M' });
    expect(again.state).toBe('done');
  });

  it('pauses keeping the bytes, and resumes with a Range request to identical bytes, also after a restart', async () => {
    const entry = entryFor();
    hub.addFile(entry.repo, entry.revision, entry.file, model);
    hub.faults.bytesPerSecond = 200_000;
    const first = open(catalogOf(entry));
    await first.backend.handle('models.download', { id: entry.id });
    await first.progress(entry.id, 1);

    const paused = await first.backend.handle('models.pause', { id: entry.id });
    expect(paused.state).toBe('paused');
    expect(paused.bytes).toBeGreaterThan(0);
    expect(paused.bytes).toBeLessThan(model.length);
    expect((await first.state(entry.id, 'paused')).message).toMatch(/Paused at/);
    const partPath = join(modelsDir(), `${entry.file}.part`);
    const onDisk = readFileSync(partPath);
    expect(onDisk.length).toBeGreaterThanOrEqual(paused.bytes);
    expect(onDisk.equals(model.subarray(0, onDisk.length))).toBe(true);

    // Resumed in the same session, it continues from the bytes on disk; then paused again.
    const resumed = await first.backend.handle('models.download', { id: entry.id });
    expect(resumed.state).toBe('downloading');
    await first.progress(entry.id, onDisk.length + 1);
    expect(cdnRequests().at(-1)!.range).toBe(`bytes=${onDisk.length}-`);
    expect((await first.backend.handle('models.pause', { id: entry.id })).state).toBe('paused');

    // The app quits and starts again: the unfinished download is listed, then continued.
    await first.backend.dispose();
    opened.splice(opened.indexOf(first), 1);
    const second = open(catalogOf(entry));
    const listed = await second.backend.handle('models.installed', {});
    expect(listed.downloads).toEqual([
      expect.objectContaining({ id: entry.id, catalogId: entry.id, state: 'paused', total: model.length }),
    ]);
    const kept = listed.downloads[0].bytes;
    expect(kept).toBe(readFileSync(partPath).length);
    expect((await second.backend.handle('models.catalog', {})).models[0].download).toMatchObject({ state: 'paused', bytes: kept });

    hub.faults.bytesPerSecond = null;
    await second.backend.handle('models.download', { id: entry.id });
    await second.state(entry.id, 'done');
    expect(cdnRequests().at(-1)!.range).toBe(`bytes=${kept}-`);
    expect(readFileSync(join(modelsDir(), entry.file)).equals(model)).toBe(true);
    expect(existsSync(partPath)).toBe(false);
  });

  it('cancels a running download and deletes its partial file', async () => {
    const entry = entryFor();
    hub.addFile(entry.repo, entry.revision, entry.file, model);
    hub.faults.bytesPerSecond = 200_000;
    const s = open(catalogOf(entry));
    await s.backend.handle('models.download', { id: entry.id });
    await s.progress(entry.id, 1);

    expect(await s.backend.handle('models.cancel', { id: entry.id })).toEqual({ cancelled: true });
    expect((await s.state(entry.id, 'cancelled')).message).toMatch(/deleted/);
    expect(readdirSync(modelsDir()).filter((name) => name.startsWith(entry.file))).toEqual([]);
    const installed = await s.backend.handle('models.installed', {});
    expect(installed.downloads).toEqual([]);
    expect(installed.models).toEqual([]);
    // Nothing left to cancel, and nothing left to pause.
    expect(await s.backend.handle('models.cancel', { id: entry.id })).toEqual({ cancelled: false });
    expect(await failure(s.backend.handle('models.pause', { id: entry.id }))).toMatchObject({ code: 'models.not-downloading' });
  });

  it('reports a failed download with a code and a message, and keeps what a retry can continue', async () => {
    const missing = entryFor({ id: 'missing.Q8_0', file: 'missing.Q8_0.gguf', quantisation: 'Q8_0', default: false });
    const damaged = entryFor({ sha256: 'f'.repeat(64) });
    hub.addFile(damaged.repo, damaged.revision, damaged.file, model);
    const s = open(catalogOf(damaged, missing));

    await s.backend.handle('models.download', { id: missing.id });
    const notFound = await s.state(missing.id, 'failed');
    expect(notFound.code).toBe('models.not-found');
    expect(notFound.message?.length).toBeGreaterThan(10);

    await s.backend.handle('models.download', { id: damaged.id });
    const checksum = await s.state(damaged.id, 'failed');
    expect(checksum).toMatchObject({ code: 'models.checksum', message: expect.stringMatching(/damaged/) });
    expect(readdirSync(modelsDir()).filter((name) => name.endsWith('.gguf') || name.endsWith('.part'))).toEqual([]);
    expect((await s.backend.handle('models.installed', {})).models).toEqual([]);
  });

  it('records the hash each file was verified with: pinned in the catalog, or from the hub', async () => {
    const pinned = entryFor();
    const fromHub = entryFor({ id: 'hub.Q8_0', file: 'hub.Q8_0.gguf', quantisation: 'Q8_0', default: false, sha256: null });
    hub.addFile(pinned.repo, pinned.revision, pinned.file, model);
    const { sha256 } = hub.addFile(fromHub.repo, fromHub.revision, fromHub.file, model);
    const s = open(catalogOf(pinned, fromHub));
    await s.backend.handle('models.download', { id: pinned.id });
    await s.state(pinned.id, 'done');
    await s.backend.handle('models.download', { id: fromHub.id });
    await s.state(fromHub.id, 'done');
    expect(await readModelRecord(modelsDir(), pinned.file)).toMatchObject({ sha256: pinned.sha256, verifiedWith: 'catalog' });
    expect(await readModelRecord(modelsDir(), fromHub.file)).toMatchObject({ sha256, verifiedWith: 'hub' });
  });

  it('refuses a file nothing can verify unless the writer accepts it, and records that', async () => {
    const unpinned = entryFor({ sha256: null });
    hub.addFile(unpinned.repo, unpinned.revision, unpinned.file, model);
    hub.faults.noHashHeaders = true;
    const s = open(catalogOf(unpinned));

    await s.backend.handle('models.download', { id: unpinned.id });
    const refused = await s.state(unpinned.id, 'failed');
    expect(refused).toMatchObject({ code: 'models.unverified', message: expect.stringMatching(/no checksum.*did not download it/) });
    // Refused on the answer's headers: no byte of it was written.
    expect(readdirSync(modelsDir()).filter((name) => name.endsWith('.gguf') || name.endsWith('.part'))).toEqual([]);

    s.events.length = 0;
    await s.backend.handle('models.download', { id: unpinned.id, acceptUnverified: true });
    await s.state(unpinned.id, 'done');
    expect(readFileSync(join(modelsDir(), unpinned.file)).equals(model)).toBe(true);
    expect(await readModelRecord(modelsDir(), unpinned.file)).toMatchObject({ sha256: null, verifiedWith: 'unverified' });
  });

  it('refuses unknown ids and malformed requests with clear errors', async () => {
    const s = open(catalogOf(entryFor()));
    const unknown = await failure(s.backend.handle('models.download', { id: 'llama-70b' }));
    expect(unknown.code).toBe('models.unknown-model');
    expect(unknown.message).toContain('"llama-70b"');
    expect(unknown.message).toContain('tiny.Q4_K_M');
    expect(await failure(s.backend.handle('models.download', { id: '  ' }))).toMatchObject({ code: 'ipc.invalid-args' });
    expect(await failure(s.backend.handle('models.import', { path: samples.good, mode: 'move' }))).toMatchObject({ code: 'ipc.invalid-args' });
    expect(await failure(s.backend.handle('models.use', { id: 'nothing-here' }))).toMatchObject({
      code: 'models.not-installed',
      message: expect.stringContaining('nothing-here'),
    });
    expect(await failure(s.backend.handle('models.delete', { id: '../history' }))).toMatchObject({ code: 'models.not-installed' });
  });
});

describe('models channels: imports, deletes, use and hardware', () => {
  it('imports good files by copy and by link, lists, uses and deletes them', async () => {
    const s = open(catalogOf(entryFor()));
    const copied = await s.backend.handle('models.import', { path: samples.good });
    expect(copied).toMatchObject({ id: 'tiny-good', source: 'import', importMode: 'copy', label: 'Steerling Tiny Test Model', architecture: 'llama', problem: null });
    expect(readFileSync(join(modelsDir(), 'tiny-good.gguf')).equals(readFileSync(samples.good))).toBe(true);

    const linkedSource = join(root, 'elsewhere', 'linked.gguf');
    await import('node:fs/promises').then((fs) => fs.copyFile(samples.good, linkedSource));
    const linked = await s.backend.handle('models.import', { path: linkedSource, mode: 'link' });
    expect(linked).toMatchObject({ id: 'linked', importMode: 'link', linkTarget: linkedSource });
    expect(lstatSync(join(modelsDir(), 'linked.gguf')).isSymbolicLink()).toBe(true);

    const duplicate = await failure(s.backend.handle('models.import', { path: samples.good }));
    expect(duplicate).toMatchObject({ code: 'models.exists', message: expect.stringContaining('tiny-good.gguf') });

    const used = await s.backend.handle('models.use', { id: 'tiny-good', contextSize: 1024 });
    expect(s.engine.loads.at(-1)).toEqual({ path: join(modelsDir(), 'tiny-good.gguf'), options: { contextSize: 1024 } });
    expect(used.id).toBe('tiny-good');
    const installed = await s.backend.handle('models.installed', {});
    expect(installed.models.map((m) => [m.id, m.loaded])).toEqual([
      ['linked', false],
      ['tiny-good', true],
    ]);
    expect(installed.diskUsage.linkedBytes).toBe(readFileSync(linkedSource).length);

    expect(await s.backend.handle('models.delete', { id: 'linked' })).toEqual({ id: 'linked' });
    expect(existsSync(linkedSource)).toBe(true); // only the link goes
    await s.backend.handle('models.delete', { id: 'tiny-good' });
    expect((await s.backend.handle('models.installed', {})).models).toEqual([]);
    expect(await failure(s.backend.handle('models.delete', { id: 'tiny-good' }))).toMatchObject({ code: 'models.not-installed' });
  });

  it.each([
    ['notGguf', 'models.not-gguf', /not a GGUF model/],
    ['truncated', 'models.truncated', /incomplete/],
    ['wrongArchitecture', 'models.wrong-architecture', /"gpt2" model/],
  ] as const)('refuses to import a %s file (%s) and adds nothing', async (sample, code, message) => {
    const s = open(catalogOf(entryFor()));
    const error = await failure(s.backend.handle('models.import', { path: samples[sample] }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(existsSync(modelsDir()) ? readdirSync(modelsDir()).filter((n) => n !== '.steerling') : []).toEqual([]);
  });

  it('refuses to import a file that does not exist', async () => {
    const s = open(catalogOf(entryFor()));
    const error = await failure(s.backend.handle('models.import', { path: join(root, 'nowhere.gguf') }));
    expect(error).toMatchObject({ code: 'models.unreadable', message: expect.stringContaining('nowhere.gguf') });
  });

  it('describes the hardware, fits installed and catalog models, and recommends one', async () => {
    const s = open(catalogOf(entryFor(), entryFor({ id: 'tiny.Q8_0', file: 'tiny.Q8_0.gguf', quantisation: 'Q8_0', default: false })));
    await s.backend.handle('models.import', { path: samples.good });
    const hardware = await s.backend.handle('models.hardware', {});
    expect(hardware.hardware.gpu).toBe(false);
    expect(hardware.summary).toMatch(/No supported graphics card/);
    expect(hardware.warning).toMatch(/processor/);
    expect(hardware.recommendedId).toBe('tiny.Q4_K_M');
    expect(hardware.installedFits).toEqual([{ id: 'tiny-good', fit: expect.objectContaining({ entryId: 'tiny-good', basis: 'gguf', mode: 'cpu', fits: true }) }]);

    const catalog = await s.backend.handle('models.catalog', {});
    expect(catalog.recommendedId).toBe('tiny.Q4_K_M');
    expect(catalog.hubEndpoint).toBe(hub.url);
    expect(catalog.models.map((m) => [m.id, m.recommended, m.fit?.mode, m.installed])).toEqual([
      ['tiny.Q4_K_M', true, 'cpu', false],
      ['tiny.Q8_0', false, 'cpu', false],
    ]);
  });
});
