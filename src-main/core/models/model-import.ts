/**
 * Brings a GGUF file the writer already has into the models folder: copied (the folder owns it)
 * or linked (it stays where it is, no second 4 GB on the disk). The file is inspected first, so a
 * foreign, damaged or wrong-architecture file is refused before anything is written.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { link, lstat, mkdir, realpath, rename, rm, symlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadCatalog, type Catalog } from './catalog';
import { DEFAULT_SPACE_MARGIN, statfsFreeSpace, type FreeSpaceProbe } from './download/disk-space';
import { ModelFileError, formatBytes } from './errors';
import { inspectGguf } from './gguf-inspect';
import { writeModelRecord } from './model-record';
import { getModel, type InstalledModel } from './registry';

export type ImportMode = 'copy' | 'link';

export interface ImportModelOptions {
  mode?: ImportMode;
  signal?: AbortSignal;
  /** Bytes copied so far (copy mode only). */
  onProgress?: (copiedBytes: number, totalBytes: number) => void;
  freeSpace?: FreeSpaceProbe;
  catalog?: Catalog;
}

export async function importModel(sourcePath: string, modelsDir: string, options: ImportModelOptions = {}): Promise<InstalledModel> {
  const mode = options.mode ?? 'copy';
  const source = resolve(sourcePath);
  const info = await inspectGguf(source);

  const fileName = basename(source).replace(/\.gguf$/i, '') + '.gguf';
  const dest = join(modelsDir, fileName);
  await mkdir(modelsDir, { recursive: true }).catch((cause) => {
    throw new ModelFileError('io', `The models folder ${modelsDir} cannot be created.`, { cause });
  });
  if (await exists(dest)) {
    const same = (await realpath(dest).catch(() => dest)) === (await realpath(source));
    throw new ModelFileError(
      'exists',
      same
        ? `${fileName} is already in your models folder.`
        : `A model called ${fileName} is already installed. Delete it first, or rename the file you are importing.`,
    );
  }

  if (mode === 'copy') await copyInto(source, dest, info.sizeBytes, modelsDir, options);
  else await linkInto(source, dest);

  await writeModelRecord(modelsDir, fileName, {
    source: 'import',
    catalogId: null,
    sha256: null,
    origin: source,
    mode,
    installedAt: new Date().toISOString(),
  });
  return getModel(fileName, modelsDir, options.catalog ?? loadCatalog());
}

async function copyInto(source: string, dest: string, size: number, modelsDir: string, options: ImportModelOptions): Promise<void> {
  const free = await (options.freeSpace ?? statfsFreeSpace)(modelsDir).catch(() => Infinity);
  if (free < size + DEFAULT_SPACE_MARGIN) {
    throw new ModelFileError(
      'disk-full',
      `Not enough free disk space to copy this model: it needs ${formatBytes(size)}, but only ${formatBytes(free)} is free. ` +
        'Free up some space, or import it as a link instead of a copy.',
    );
  }
  // Copy beside the destination, then rename: the folder never shows a half-copied model.
  const temp = `${dest}.importing`;
  let copied = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      copied += chunk.length;
      options.onProgress?.(copied, size);
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source), counter, createWriteStream(temp), { signal: options.signal });
    await rename(temp, dest);
  } catch (cause) {
    await rm(temp, { force: true });
    if (options.signal?.aborted) throw new ModelFileError('io', 'The import was cancelled; nothing was added.', { cause });
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new ModelFileError('disk-full', 'The disk filled up while copying the model; nothing was added.', { cause });
    throw new ModelFileError('io', `The model could not be copied into the models folder (${code ?? 'unknown error'}).`, { cause });
  }
}

async function linkInto(source: string, dest: string): Promise<void> {
  try {
    await symlink(source, dest, 'file');
    return;
  } catch (cause) {
    // Windows allows symbolic links only in developer mode; a hard link works on the same drive.
    const code = (cause as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EACCES') {
      throw new ModelFileError('io', `The model could not be linked into the models folder (${code ?? 'unknown error'}).`, { cause });
    }
  }
  try {
    await link(source, dest);
  } catch (cause) {
    throw new ModelFileError(
      'io',
      'The model could not be linked into the models folder (it may be on another drive). Import it as a copy instead.',
      { cause },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
