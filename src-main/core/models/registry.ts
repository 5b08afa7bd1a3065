/**
 * The models folder as the app sees it: installed models with what is known about them,
 * unfinished downloads, deleting, and how much space it all takes. Imports live in
 * model-import.ts, catalog downloads in install.ts.
 */
import { lstat, readdir, readlink, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { loadCatalog, type Catalog, type CatalogEntry } from './catalog';
import { statfsFreeSpace, type FreeSpaceProbe } from './download/disk-space';
import { discardPartial, readDownloadState } from './download/download-state';
import { ModelFileError } from './errors';
import { inspectGguf, type GgufModelInfo } from './gguf-inspect';
import { readModelRecord, removeModelRecord, type ModelRecord } from './model-record';
import type { ModelsDiskUsage } from './model-views';
export type { ModelsDiskUsage } from './model-views';

export interface InstalledModel {
  /** File name without ".gguf": the id the engine and the CLI use. */
  id: string;
  fileName: string;
  /** Path inside the models folder (a link for linked imports). */
  path: string;
  /** For linked imports, where the file really is. */
  linkTarget: string | null;
  /** Size of the model file (the link target's for links). */
  sizeBytes: number;
  catalogEntry: CatalogEntry | null;
  record: ModelRecord | null;
  /** Header facts; null when the file cannot be used (see `problem`). */
  info: GgufModelInfo | null;
  /** Why the file cannot be used, in a writer's words; null when it can. */
  problem: { code: ModelFileError['code']; message: string } | null;
}

export interface PartialDownload {
  id: string;
  fileName: string;
  /** The .part file. */
  path: string;
  bytes: number;
  totalBytes: number | null;
  url: string | null;
}

export interface ModelsFolder {
  models: InstalledModel[];
  partials: PartialDownload[];
}


const isModelFile = (name: string) => name.toLowerCase().endsWith('.gguf');
const isPartialFile = (name: string) => name.toLowerCase().endsWith('.gguf.part');

export function modelIdOf(fileName: string): string {
  return fileName.replace(/\.gguf$/i, '');
}

export async function listModels(modelsDir: string, catalog: Catalog = loadCatalog()): Promise<ModelsFolder> {
  const names = await readFolder(modelsDir);
  const models: InstalledModel[] = [];
  const partials: PartialDownload[] = [];
  for (const name of names.sort((a, b) => a.localeCompare(b))) {
    const path = join(modelsDir, name);
    if (isModelFile(name)) models.push(await describeModel(modelsDir, name, catalog));
    else if (isPartialFile(name)) {
      const dest = path.slice(0, -'.part'.length);
      const state = await readDownloadState(dest);
      partials.push({
        id: modelIdOf(basename(dest)),
        fileName: basename(dest),
        path,
        bytes: (await stat(path)).size,
        totalBytes: state?.totalBytes ?? null,
        url: state?.url ?? null,
      });
    }
  }
  return { models, partials };
}

export async function getModel(id: string, modelsDir: string, catalog: Catalog = loadCatalog()): Promise<InstalledModel> {
  const fileName = await findModelFile(id, modelsDir);
  return describeModel(modelsDir, fileName, catalog);
}

async function describeModel(modelsDir: string, fileName: string, catalog: Catalog): Promise<InstalledModel> {
  const path = join(modelsDir, fileName);
  const link = await lstat(path);
  const linkTarget = link.isSymbolicLink() ? resolve(modelsDir, await readlink(path)) : null;
  const record = await readModelRecord(modelsDir, fileName);
  const catalogEntry = catalog.models.find((m) => m.id === record?.catalogId || m.file === fileName) ?? null;
  let info: GgufModelInfo | null = null;
  let problem: InstalledModel['problem'] = null;
  let sizeBytes = link.size;
  try {
    info = await inspectGguf(path);
    sizeBytes = info.sizeBytes;
  } catch (error) {
    const fileError =
      error instanceof ModelFileError ? error : new ModelFileError('unreadable', `The model file ${fileName} cannot be read.`, { cause: error });
    problem =
      linkTarget && fileError.code === 'unreadable'
        ? { code: 'unreadable', message: `The model file this entry links to (${linkTarget}) was moved or deleted.` }
        : { code: fileError.code, message: fileError.message };
  }
  return { id: modelIdOf(fileName), fileName, path, linkTarget, sizeBytes, catalogEntry, record, info, problem };
}

/**
 * Deletes an installed model: the file, or only the link for a linked import (the original
 * stays where the writer keeps it), and what the app remembered about it.
 */
export async function deleteModel(id: string, modelsDir: string): Promise<void> {
  const fileName = await findModelFile(id, modelsDir);
  try {
    await rm(join(modelsDir, fileName));
  } catch (cause) {
    throw new ModelFileError('io', `The model ${id} could not be deleted. Check that no other program is using it.`, { cause });
  }
  await removeModelRecord(modelsDir, fileName);
}

/** Deletes an unfinished download and its state. */
export async function deletePartialDownload(id: string, modelsDir: string): Promise<void> {
  assertPlainId(id);
  await discardPartial(join(modelsDir, `${id}.gguf`));
}

export async function modelsDiskUsage(modelsDir: string, freeSpace: FreeSpaceProbe = statfsFreeSpace): Promise<ModelsDiskUsage> {
  const usage: ModelsDiskUsage = { modelsBytes: 0, linkedBytes: 0, partialBytes: 0, freeBytes: null };
  for (const name of await readFolder(modelsDir)) {
    const path = join(modelsDir, name);
    const entry = await lstat(path).catch(() => null);
    if (!entry) continue;
    if (isPartialFile(name)) usage.partialBytes += entry.size;
    else if (isModelFile(name) && entry.isSymbolicLink()) usage.linkedBytes += (await stat(path).catch(() => null))?.size ?? 0;
    else if (isModelFile(name) && entry.isFile()) usage.modelsBytes += entry.size;
  }
  usage.freeBytes = await freeSpace(modelsDir).catch(() => null);
  return usage;
}

/** The file name of an installed model, matching the id case-insensitively. */
async function findModelFile(id: string, modelsDir: string): Promise<string> {
  assertPlainId(id);
  const wanted = `${modelIdOf(id)}.gguf`.toLowerCase();
  const match = (await readFolder(modelsDir)).find((name) => name.toLowerCase() === wanted);
  if (!match) throw new ModelFileError('not-installed', `There is no installed model called "${id}".`);
  return match;
}

/** Ids come from the UI and the CLI: they name a file in the folder, never a path. */
function assertPlainId(id: string): void {
  if (!id || /[\\/]/.test(id) || id === '.' || id === '..') {
    throw new ModelFileError('not-installed', `"${id}" is not a model name.`);
  }
}

async function readFolder(modelsDir: string): Promise<string[]> {
  try {
    return await readdir(modelsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ModelFileError('unreadable', `The models folder ${modelsDir} cannot be read.`, { cause: error });
  }
}
