/**
 * The `libraries.*` channels: the writer's steering pair libraries (one JSON file each in the
 * library folder) next to the read-only built-in one. Validation is the core's zod schema, whose
 * messages name the field and the problem; files are read with a size limit and written atomically.
 */
import { readFile, stat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../core/atomic-write';
import { BUILTIN_LIBRARY_ID, LIBRARY_FORMAT, parsePairLibraryJson, type PairLibrary } from '../core/steering/pair-library';
import { SteeringError } from '../core/steering/errors';
import { PairLibraryStore } from '../core/steering/pair-library-store';
import { IpcError } from '../ipc/ipc-error';
import type { LibraryData, LibraryView } from '../ipc/steering-types';
import type { ChannelHandlers } from './channel-types';

/** Library files are a few kilobytes; anything this big is the wrong file. */
export const MAX_LIBRARY_BYTES = 2 * 1024 * 1024;

// The contract's LibraryData must stay the core's PairLibrary, both ways.
const toData = (library: PairLibrary): LibraryData => library;
const fromData = (library: LibraryData): PairLibrary => library;
void toData;
void fromData;

export type LibraryChannel =
  | 'libraries.list'
  | 'libraries.get'
  | 'libraries.save'
  | 'libraries.delete'
  | 'libraries.import'
  | 'libraries.export';

export type LibraryHandlers = ChannelHandlers<LibraryChannel>;

export function toLibraryView(library: PairLibrary): LibraryView {
  return { ...library, builtin: library.id === BUILTIN_LIBRARY_ID };
}

/** Reads a library file the writer chose, with messages that name it. */
export async function readLibraryFile(file: string): Promise<string> {
  const name = path.basename(file);
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new IpcError('steering.invalid-library', `"${name}" is a folder, not a library file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof IpcError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'could not be found' : code === 'EACCES' ? 'cannot be opened (no permission)' : 'cannot be read';
    throw new IpcError('steering.invalid-library', `The library file "${file}" ${why}.`, { cause: error });
  }
  if (size > MAX_LIBRARY_BYTES) {
    throw new IpcError('steering.invalid-library', `"${name}" is ${(size / 1048576).toFixed(1)} MB; a pair library is a small JSON file (at most 2 MB).`);
  }
  return readFile(file, 'utf8');
}

async function writeAtomically(file: string, text: string): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomically(file, text);
  return Buffer.byteLength(text);
}

export function createLibraryHandlers(store: PairLibraryStore): LibraryHandlers {
  return {
    'libraries.list': async () => {
      const { libraries, unreadable } = await store.list();
      return { libraries: libraries.map(toLibraryView), unreadable, folder: store.directory };
    },
    'libraries.get': async ({ id }) => toLibraryView(await store.get(id)),
    'libraries.save': async ({ library }) => {
      const { id, name, description, styles } = library as Partial<Record<keyof LibraryData, unknown>>;
      if (id === undefined || id === '') {
        // A new library: the store picks a free id from its name and validates the rest.
        if (typeof name !== 'string' || !name.trim()) {
          throw new SteeringError('invalid-library', 'The new library is not valid:\n- name: give the library a name');
        }
        const created = await store.create({
          name: name as string,
          description: description as string | undefined,
          styles: (styles ?? []) as LibraryData['styles'],
        });
        return toLibraryView(created);
      }
      return toLibraryView(await store.save({ ...library, format: LIBRARY_FORMAT, version: 1 }));
    },
    'libraries.delete': async ({ id }) => {
      await store.delete(id);
      return { id };
    },
    'libraries.import': async ({ path: file }) => {
      const json = await readLibraryFile(file);
      const source = `"${path.basename(file)}"`;
      const original = parsePairLibraryJson(json, source);
      const same = await store.findSame(original);
      if (same) return { library: toLibraryView(same), renamedFrom: null, alreadyImported: true };
      const library = await store.importJson(json, source);
      return { library: toLibraryView(library), renamedFrom: library.id === original.id ? null : original.id, alreadyImported: false };
    },
    'libraries.export': async ({ id, path: file }) => {
      const json = await store.exportJson(id);
      return { path: file, bytes: await writeAtomically(file, json) };
    },
  };
}
