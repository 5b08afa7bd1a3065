import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  catalogModelUri,
  defaultCatalogEntry,
  loadCatalog,
  parseCatalog,
  resolveDownloadUrl,
  type Catalog,
  type CatalogEntry,
} from '../../../src-main/core/models/catalog';
import { ModelDownloadError, ModelFileError } from '../../../src-main/core/models/errors';
import { downloadCatalogModel } from '../../../src-main/core/models/install';
import { listModels } from '../../../src-main/core/models/registry';
import { startHubServer, type HubServer } from '../../fixtures/models/hub-server';
import { tinyGgufBytes } from '../../fixtures/models/sample-files';

const TMP = resolve('tests/.tmp');
let hub: HubServer;
let root: string;
let modelsDir: string;
const model = tinyGgufBytes('Mirror Test Model');
const modelSha = createHash('sha256').update(model).digest('hex');

beforeEach(async () => {
  hub = await startHubServer();
  mkdirSync(TMP, { recursive: true });
  root = await mkdtemp(join(TMP, 'models-install-'));
  modelsDir = join(root, 'models');
});

afterEach(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

/** A catalog like the shipped one, describing a file the local hub serves. */
function testCatalog(overrides: Partial<CatalogEntry> = {}): Catalog {
  const base = defaultCatalogEntry();
  return parseCatalog({
    schemaVersion: 1,
    defaultHubEndpoint: 'https://huggingface.co',
    models: [
      {
        ...base,
        id: 'tiny.Q4_K_M',
        repo: 'Steerling/Tiny-GGUF',
        revision: 'main',
        file: 'tiny.Q4_K_M.gguf',
        sizeBytes: model.length,
        sha256: modelSha,
        ...overrides,
      },
    ],
  });
}

describe('installing catalog models', () => {
  it('downloads a catalog model from a mirror, checks it and lists it as installed', async () => {
    const catalog = testCatalog();
    const entry = catalog.models[0];
    hub.addFile(entry.repo, entry.revision, entry.file, model);
    const installed = await downloadCatalogModel(entry, modelsDir, { hubEndpoint: `${hub.url}/` }, catalog);
    expect(installed).toMatchObject({ id: 'tiny.Q4_K_M', problem: null, catalogEntry: { id: 'tiny.Q4_K_M' } });
    expect(installed.record).toMatchObject({ source: 'download', catalogId: 'tiny.Q4_K_M', sha256: modelSha, origin: `${hub.url}/Steerling/Tiny-GGUF/resolve/main/tiny.Q4_K_M.gguf` });
    expect(installed.info?.name).toBe('Mirror Test Model');
    expect((await listModels(modelsDir, catalog)).models.map((m) => m.catalogEntry?.id)).toEqual(['tiny.Q4_K_M']);
  });

  it('takes the checksum from the hub when the catalog has none', async () => {
    const catalog = testCatalog({ sha256: null, sizeBytes: null, approxSizeBytes: 1_000_000 });
    const entry = catalog.models[0];
    hub.addFile(entry.repo, entry.revision, entry.file, model);
    const installed = await downloadCatalogModel(entry, modelsDir, { hubEndpoint: hub.url }, catalog);
    expect(installed.record?.sha256).toBe(modelSha);
  });

  it('refuses and deletes a file that passes the download but is not a usable model', async () => {
    const catalog = testCatalog({ sha256: null, sizeBytes: null, approxSizeBytes: 100 });
    const entry = catalog.models[0];
    hub.addFile(entry.repo, entry.revision, entry.file, Buffer.from('<html>Mirror maintenance</html>'));
    const error = await downloadCatalogModel(entry, modelsDir, { hubEndpoint: hub.url }, catalog).catch((e) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.code).toBe('not-gguf');
    expect(error.message).toMatch(/deleted/);
    expect(readdirSync(modelsDir).filter((n) => n.endsWith('.gguf'))).toEqual([]);
  });

  it('asks a mirror for the shipped default model at its pinned hub path, and refuses a file of the wrong size', async () => {
    const entry = defaultCatalogEntry();
    const served = hub.addFile(entry.repo, entry.revision, entry.file, model);
    expect(resolveDownloadUrl(entry, hub.url)).toBe(served.url);
    const error = await downloadCatalogModel(entry, modelsDir, { hubEndpoint: hub.url }, loadCatalog()).catch((e) => e);
    expect(error).toBeInstanceOf(ModelDownloadError);
    expect(error.code).toBe('protocol');
    expect(error.message).toMatch(/not the expected 4\.4 GB/);
    expect(hub.requests[0].path).toBe(`/${entry.repo}/resolve/${entry.revision}/${entry.file}`);
    expect(existsSync(join(modelsDir, entry.file))).toBe(false);
  });

  it('gives node-llama-cpp a URI that resolves to the same file on the same mirror', async () => {
    const entry = defaultCatalogEntry();
    hub.addFile(entry.repo, entry.revision, entry.file, model);
    const { createModelDownloader } = await import('node-llama-cpp');
    const downloader = await createModelDownloader({
      modelUri: catalogModelUri(entry),
      dirPath: join(root, 'nlc'),
      endpoints: { huggingFace: `${hub.url}/` },
      showCliProgress: false,
    });
    const path = await downloader.download();
    expect(readFileSync(path).equals(model)).toBe(true);
    expect(hub.requests.some((r) => r.path.startsWith(`/${entry.repo}/resolve/${entry.revision}/${entry.file}`))).toBe(true);
  });
});
