/**
 * Settings made through `settings.set` steer the next download: the server address chosen in the
 * window is the one asked, and the token entered there is sent to it (and only to it).
 * The hub is the in-process stand-in from the fixtures, on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../src-main/core/models/catalog';
import type { AppEvent, EventPayloads } from '../../../src-main/ipc/contract';
import { KeyValueSettingsStore } from '../../../src-main/backend/model-settings-store';
import { tinyCatalogEntry } from '../../fixtures/models/catalog-entry';
import { startHubServer, type HubServer } from '../../fixtures/models/hub-server';
import { tinyGgufBytes } from '../../fixtures/models/sample-files';
import type { HubChange } from '../../../src-main/backend/settings-handlers';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { answeringDialogs, createHarness, type Harness } from './backend-harness';
import { fakeCipher, mapStore } from './settings-fakes';

const TOKEN = 'hf_DownloadToken42';
const model = tinyGgufBytes('Settings Download Model');

const entry = tinyCatalogEntry(model);

let hub: HubServer;
let h: Harness;
/** What the main-process confirmation was asked, and its next answer. */
let hubChanges: HubChange[];
let confirmHubChange: boolean;

beforeEach(async () => {
  hub = await startHubServer({ requireToken: TOKEN });
  hub.addFile(entry.repo, entry.revision, entry.file, model);
  hubChanges = [];
  confirmHubChange = true;
  h = await createHarness({
    dialogs: {
      ...answeringDialogs({}),
      async confirmHubChange(change) {
        hubChanges.push(change);
        return confirmHubChange;
      },
    },
    settings: new KeyValueSettingsStore(mapStore(), fakeCipher()),
    // The catalog points at the public hub: only the writer's setting can lead to the local one.
    models: { catalog: parseCatalog({ schemaVersion: 1, defaultHubEndpoint: 'https://huggingface.co', models: [entry] }), env: {}, gpu: false, retry: { maxRetries: 0 } },
  });
});

afterEach(async () => {
  await h.cleanup();
  await hub.close();
});

function finished(): Promise<EventPayloads['models.state']> {
  const isEnd = (e: AppEvent) => e.event === 'models.state' && ['done', 'failed'].includes(e.payload.state);
  return new Promise((resolve) => {
    const seen = h.events.find(isEnd);
    if (seen) return resolve(seen.payload as EventPayloads['models.state']);
    const timer = setInterval(() => {
      const end = h.events.find(isEnd);
      if (end) {
        clearInterval(timer);
        resolve(end.payload as EventPayloads['models.state']);
      }
    }, 20);
  });
}

describe('settings reach downloads', () => {
  it('downloads from the server and with the token set in the window', async () => {
    await h.backend.handle('settings.set', { hubEndpoint: hub.url, accessToken: TOKEN });
    await h.backend.handle('models.download', { id: entry.id });
    expect(await finished()).toMatchObject({ id: entry.id, state: 'done' });

    const hubRequests = hub.requests.filter((r) => r.server === 'hub');
    expect(hubRequests.length).toBeGreaterThan(0);
    expect(hubRequests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // The storage server the hub redirects to is another origin: it never sees the token.
    expect(hub.requests.filter((r) => r.server === 'cdn').every((r) => r.authorization === null)).toBe(true);
    const installed = await h.backend.handle('models.installed', {});
    expect(installed.models.map((m) => m.sizeBytes)).toEqual([model.length]);
  });

  it('fails in words that point to the settings when the server wants a token and none is set', async () => {
    await h.backend.handle('settings.set', { hubEndpoint: hub.url });
    await h.backend.handle('models.download', { id: entry.id });
    const end = await finished();
    expect(end).toMatchObject({ state: 'failed', code: 'models.http-status' });
    expect(end.message).toContain('Settings');
    expect(hub.requests.every((r) => r.authorization === null)).toBe(true);
  });

  it('sends the token only to the server it was given for, not to a server chosen later', async () => {
    await h.backend.handle('settings.set', { hubEndpoint: hub.url, accessToken: TOKEN });
    expect(await h.backend.handle('settings.get', {})).toMatchObject({ accessTokenOrigin: new URL(hub.url).origin, hasAccessToken: true });

    const other = await startHubServer({ requireToken: TOKEN });
    try {
      other.addFile(entry.repo, entry.revision, entry.file, model);
      await h.backend.handle('settings.set', { hubEndpoint: other.url });
      expect(hubChanges.at(-1)).toEqual({ from: hub.url, to: other.url, tokenOrigin: new URL(hub.url).origin });
      await h.backend.handle('models.download', { id: entry.id });
      expect(await finished()).toMatchObject({ state: 'failed', code: 'models.http-status' });
      expect(other.requests.length).toBeGreaterThan(0);
      expect(other.requests.every((r) => r.authorization === null)).toBe(true);
    } finally {
      await other.close();
    }

    // Back on its own server, the token goes with the requests again.
    h.events.length = 0;
    await h.backend.handle('settings.set', { hubEndpoint: hub.url });
    await h.backend.handle('models.download', { id: entry.id });
    expect(await finished()).toMatchObject({ state: 'done' });
    expect(hub.requests.filter((r) => r.server === 'hub').every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('changes the server only when the main-process confirmation agrees', async () => {
    await h.backend.handle('settings.set', { hubEndpoint: hub.url, accessToken: TOKEN });
    confirmHubChange = false;
    const declined = await h.backend.handle('settings.set', { hubEndpoint: 'https://mirror.example.org', threads: 3 }).catch(toIpcErrorPayload);
    expect(declined).toEqual({ code: 'settings.hub-change-declined', message: 'The download server was not changed.' });
    expect(await h.backend.handle('settings.get', {})).toMatchObject({ hubEndpoint: hub.url, threads: null });
    // The same server again is no change, so nothing is asked.
    const asked = hubChanges.length;
    await h.backend.handle('settings.set', { hubEndpoint: hub.url, threads: 2 });
    expect(hubChanges).toHaveLength(asked);
  });

  it('refuses a plain-http server anywhere but this computer', async () => {
    for (const address of ['http://mirror.example.org', 'http://10.0.0.2:8080', 'https://user:pw@huggingface.co']) {
      const refused = await h.backend.handle('settings.set', { hubEndpoint: address }).catch(toIpcErrorPayload);
      expect(refused).toMatchObject({ code: 'settings.invalid-hub-endpoint' });
    }
    expect(hubChanges).toEqual([]);
  });
});
