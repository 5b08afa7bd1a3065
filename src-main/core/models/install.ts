/**
 * Installing a catalog model: from "the writer picked Mistral 7B (recommended)" to a checked
 * file in the models folder. `catalogDownloadOptions` + `ModelDownloadTask` give the window
 * pause/resume/cancel; `downloadCatalogModel` is the one-call version for the CLI.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog, resolveDownloadUrl, type Catalog, type CatalogEntry } from './catalog';
import { downloadModel, type DownloadModelOptions, type DownloadResult } from './download/downloader';
import { ModelFileError } from './errors';
import { inspectGguf } from './gguf-inspect';
import { writeModelRecord } from './model-record';
import { getModel, type InstalledModel } from './registry';

export type CatalogDownloadSettings = Omit<DownloadModelOptions, 'url' | 'dest' | 'expectedSize' | 'expectedSha256'> & {
  /** Hub or mirror, e.g. "https://huggingface.co"; see hubEndpointFromEnv(). */
  hubEndpoint: string;
};

export function catalogDownloadOptions(entry: CatalogEntry, modelsDir: string, settings: CatalogDownloadSettings): DownloadModelOptions {
  const { hubEndpoint, ...rest } = settings;
  return {
    ...rest,
    url: resolveDownloadUrl(entry, hubEndpoint),
    dest: join(modelsDir, entry.file),
    expectedSize: entry.sizeBytes,
    expectedSha256: entry.sha256,
  };
}

/**
 * After a finished download: checks the file is a usable model (a mirror could serve anything
 * when no checksum was known) and records where it came from.
 */
export async function recordCatalogDownload(
  entry: CatalogEntry,
  modelsDir: string,
  result: DownloadResult,
  url: string,
  catalog: Catalog = loadCatalog(),
): Promise<InstalledModel> {
  try {
    await inspectGguf(result.path);
  } catch (error) {
    // A file the app cannot run must not sit in the folder looking installed.
    await rm(result.path, { force: true });
    if (error instanceof ModelFileError) {
      throw new ModelFileError(error.code, `The downloaded file is not a usable model, so it was deleted: ${error.message}`, { cause: error });
    }
    throw error;
  }
  await writeModelRecord(modelsDir, entry.file, {
    source: 'download',
    catalogId: entry.id,
    sha256: result.verifiedAgainst ? result.sha256 : null,
    verifiedWith: result.verifiedAgainst === 'expected' ? 'catalog' : result.verifiedAgainst === 'server' ? 'hub' : 'unverified',
    origin: url,
    mode: null,
    installedAt: new Date().toISOString(),
  });
  return getModel(entry.file, modelsDir, catalog);
}

export async function downloadCatalogModel(
  entry: CatalogEntry,
  modelsDir: string,
  settings: CatalogDownloadSettings,
  catalog: Catalog = loadCatalog(),
): Promise<InstalledModel> {
  const options = catalogDownloadOptions(entry, modelsDir, settings);
  const result = await downloadModel(options);
  return recordCatalogDownload(entry, modelsDir, result, options.url, catalog);
}
