/**
 * User pair libraries, one JSON file per library (`<id>.json`) in a data directory, next to the
 * read-only built-in library. Files are validated on every read and written atomically; a file
 * that no longer validates is reported and left untouched, never deleted or overwritten.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../atomic-write';
import { SteeringError } from './errors';
import {
  BUILTIN_LIBRARY_ID,
  builtinLibrary,
  LIBRARY_FORMAT,
  parsePairLibrary,
  parsePairLibraryJson,
  type PairLibrary,
  type PairStyle,
} from './pair-library';

export interface LibraryListing {
  /** Built-in first, then user libraries by name. */
  libraries: PairLibrary[];
  /** User files that could not be read, with why; they stay on disk for the user to fix. */
  unreadable: { file: string; message: string }[];
}

export interface NewLibrary {
  name: string;
  description?: string;
  styles?: PairStyle[];
}

function slug(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return base || 'library';
}

export class PairLibraryStore {
  constructor(readonly directory: string) {}

  async list(): Promise<LibraryListing> {
    const libraries: PairLibrary[] = [];
    const unreadable: LibraryListing['unreadable'] = [];
    for (const file of await this.files()) {
      try {
        const library = parsePairLibraryJson(await readFile(join(this.directory, file), 'utf8'), `"${file}"`);
        if (library.id === BUILTIN_LIBRARY_ID) throw new SteeringError('invalid-library', `"${file}" reuses the built-in library's id.`);
        if (`${library.id}.json` !== file) throw new SteeringError('invalid-library', `"${file}" holds library "${library.id}"; the file name must be ${library.id}.json.`);
        libraries.push(library);
      } catch (error) {
        unreadable.push({ file, message: (error as Error).message });
      }
    }
    libraries.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { libraries: [builtinLibrary(), ...libraries], unreadable };
  }

  async get(id: string): Promise<PairLibrary> {
    if (id === BUILTIN_LIBRARY_ID) return builtinLibrary();
    let json: string;
    try {
      json = await readFile(this.pathOf(id), 'utf8');
    } catch (cause) {
      throw new SteeringError('invalid-library', `There is no pair library "${id}".`, { cause });
    }
    return parsePairLibraryJson(json, `The library file ${id}.json`);
  }

  async create(input: NewLibrary): Promise<PairLibrary> {
    const library = parsePairLibrary(
      { format: LIBRARY_FORMAT, version: 1, id: await this.freeId(slug(input.name)), name: input.name, description: input.description, styles: input.styles ?? [] },
      'The new library',
    );
    await this.write(library);
    return library;
  }

  /** Replaces an existing user library (validated first; the built-in one cannot be changed). */
  async save(library: unknown): Promise<PairLibrary> {
    const parsed = parsePairLibrary(library, 'The library');
    this.assertEditable(parsed.id);
    await this.get(parsed.id); // must exist: creating goes through create/import
    await this.write(parsed);
    return parsed;
  }

  async delete(id: string): Promise<void> {
    this.assertEditable(id);
    await this.get(id);
    await rm(this.pathOf(id));
  }

  /**
   * A saved library with the same content as `library` (its id aside): importing the same file
   * twice finds the first import here instead of making a copy.
   */
  async findSame(library: PairLibrary): Promise<PairLibrary | null> {
    const key = (candidate: PairLibrary) => JSON.stringify({ ...candidate, id: '' });
    const wanted = key(library);
    const { libraries } = await this.list();
    return libraries.find((candidate) => candidate.id !== BUILTIN_LIBRARY_ID && key(candidate) === wanted) ?? null;
  }

  /** Imports library JSON; an id that is taken (or "builtin") gets a fresh one. */
  async importJson(json: string, source = 'The imported file'): Promise<PairLibrary> {
    const parsed = parsePairLibraryJson(json, source);
    const taken = parsed.id === BUILTIN_LIBRARY_ID || (await this.exists(parsed.id));
    const library = taken ? { ...parsed, id: await this.freeId(parsed.id) } : parsed;
    await this.write(library);
    return library;
  }

  async exportJson(id: string): Promise<string> {
    return `${JSON.stringify(await this.get(id), null, 2)}\n`;
  }

  private assertEditable(id: string): void {
    if (id === BUILTIN_LIBRARY_ID) {
      throw new SteeringError('invalid-library', 'The built-in library cannot be changed; export it and import a copy to edit.');
    }
  }

  private pathOf(id: string): string {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new SteeringError('invalid-library', `"${id}" is not a library id.`);
    return join(this.directory, `${id}.json`);
  }

  private async files(): Promise<string[]> {
    try {
      return (await readdir(this.directory)).filter((name) => name.endsWith('.json')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new SteeringError('invalid-library', `The pair library folder ${this.directory} cannot be read: ${(error as Error).message}`, { cause: error });
    }
  }

  private async exists(id: string): Promise<boolean> {
    return (await this.files()).includes(`${id}.json`);
  }

  private async freeId(base: string): Promise<string> {
    const taken = new Set([BUILTIN_LIBRARY_ID, ...(await this.files()).map((file) => file.slice(0, -'.json'.length))]);
    const root = base.slice(0, 56);
    if (!taken.has(root)) return root;
    for (let n = 2; ; n++) if (!taken.has(`${root}-${n}`)) return `${root}-${n}`;
  }

  private async write(library: PairLibrary): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    try {
      await writeFileAtomically(this.pathOf(library.id), `${JSON.stringify(library, null, 2)}\n`);
    } catch (error) {
      throw new SteeringError('invalid-library', `The library "${library.name}" could not be saved: ${(error as Error).message}`, { cause: error });
    }
  }
}

/**
 * The libraries an engine process resolves pair and style references against: the built-in one
 * plus, when the host names a folder in STEERLING_PAIR_LIBRARY_DIR, the writer's own, re-read on
 * every call so edits apply at once.
 */
export function pairLibrariesFromEnv(env: NodeJS.ProcessEnv = process.env): () => Promise<readonly PairLibrary[]> {
  const directory = env.STEERLING_PAIR_LIBRARY_DIR?.trim();
  if (!directory) return async () => [builtinLibrary()];
  const store = new PairLibraryStore(directory);
  return async () => (await store.list()).libraries;
}
