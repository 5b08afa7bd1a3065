/**
 * Saved sweeps under `<dataDir>/sweeps/<id>/`, one folder each:
 *   entry.json        what a list shows (status, progress, best cell), rewritten as the sweep runs
 *   request.json      the settings and article it was started with, so it can be resumed as it was
 *   sweep.json/.csv   the result, and sweep.cells.json the checkpoint (files.ts)
 * The folders are the index: listing reads each entry.json, so two processes (the app and the
 * CLI) never fight over one shared index file, and a damaged entry hides only its own sweep.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { EvalError } from '../errors';
import type { SweepEntry, SweepRequestRecord } from './entry';
import { readCheckpoint, sweepPaths, writeFileAtomically, type SweepCheckpoint } from './files';
import type { SweepResult } from './types';

export type { SweepBestSummary, SweepEntry, SweepRequestRecord, SweepStatus } from './entry';

const methods = z.array(z.enum(['actadd', 'caa', 'all']));
const entrySchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    title: z.string(),
    style: z.string(),
    methods,
    layers: z.array(z.number()),
    coefficients: z.array(z.number()),
    modelId: z.string(),
    status: z.enum(['running', 'complete', 'incomplete', 'cancelled', 'failed']),
    done: z.number(),
    total: z.number(),
    best: z.object({ key: z.string() }).passthrough().nullable(),
  })
  .passthrough();
const requestSchema = z.object({ article: z.object({ title: z.string(), text: z.string() }).passthrough(), style: z.string(), methods }).passthrough();

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ENTRY = 'entry.json';
const REQUEST = 'request.json';

export interface SweepListing {
  items: SweepEntry[];
  /** Folders whose entry could not be read, and why. */
  unreadable: { id: string; message: string }[];
}

export interface SavedSweep {
  entry: SweepEntry;
  request: SweepRequestRecord;
  /** The last written result (written when a run ends), or null before that. */
  result: SweepResult | null;
  /** The finished baselines and cells so far, for a sweep that is running or was interrupted. */
  checkpoint: SweepCheckpoint | null;
}

export class SweepStore {
  /** Entry writes per sweep, one after the other, so a later update never loses to an earlier one. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {}

  folder(id: string): string {
    if (!ID.test(id)) throw new EvalError('not-found', `"${id}" is not a sweep id (see the list of sweeps).`);
    return join(this.root, id);
  }

  /** Base path of the result files, as runSweep's `resultPath`. */
  resultPath(id: string): string {
    return join(this.folder(id), 'sweep.json');
  }

  async newId(): Promise<string> {
    for (;;) {
      const id = `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
      if (!(await exists(join(this.root, id)))) return id;
    }
  }

  async create(entry: SweepEntry, request: SweepRequestRecord): Promise<void> {
    const folder = this.folder(entry.id);
    try {
      await mkdir(folder, { recursive: true });
    } catch (cause) {
      throw new EvalError('write-failed', `The folder for the sweep results, ${folder}, could not be created: ${(cause as Error).message}`, { cause });
    }
    await writeFileAtomically(join(folder, REQUEST), JSON.stringify(request, null, 2));
    await writeFileAtomically(join(folder, ENTRY), JSON.stringify(entry, null, 2));
  }

  /** Replaces the saved request (a resumed sweep may have a larger grid). */
  async saveRequest(id: string, request: SweepRequestRecord): Promise<void> {
    await writeFileAtomically(join(this.folder(id), REQUEST), JSON.stringify(request, null, 2));
  }

  /** Changes the entry; fields not given stay. */
  update(id: string, patch: Partial<Omit<SweepEntry, 'id' | 'createdAt'>>): Promise<SweepEntry> {
    const previous = this.writing.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const entry: SweepEntry = { ...(await this.entry(id)), ...patch, updatedAt: new Date().toISOString() };
      await writeFileAtomically(join(this.folder(id), ENTRY), JSON.stringify(entry, null, 2));
      return entry;
    });
    this.writing.set(id, next);
    void next.finally(() => this.writing.get(id) === next && this.writing.delete(id)).catch(() => undefined);
    return next;
  }

  async entry(id: string): Promise<SweepEntry> {
    return this.readJson(id, ENTRY, entrySchema) as Promise<SweepEntry>;
  }

  /** Newest first. */
  async list(): Promise<SweepListing> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { items: [], unreadable: [] };
      throw new EvalError('unreadable-file', `The sweeps folder ${this.root} could not be read: ${(cause as Error).message}`, { cause });
    }
    const listing: SweepListing = { items: [], unreadable: [] };
    for (const name of names.filter((n) => ID.test(n))) {
      if (!(await exists(join(this.root, name, ENTRY)))) continue;
      try {
        listing.items.push(await this.entry(name));
      } catch (error) {
        listing.unreadable.push({ id: name, message: (error as Error).message });
      }
    }
    listing.items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return listing;
  }

  async get(id: string): Promise<SavedSweep> {
    const entry = await this.entry(id);
    const request = (await this.readJson(id, REQUEST, requestSchema)) as SweepRequestRecord;
    const paths = sweepPaths(this.resultPath(id));
    const result = (await exists(paths.result)) ? ((await this.readJson(id, 'sweep.json', z.object({ version: z.literal(1) }).passthrough())) as SweepResult) : null;
    return { entry, request, result, checkpoint: await readCheckpoint(paths.checkpoint) };
  }

  /** Copies the saved CSV or JSON result to `path`. */
  async exportTo(id: string, format: 'csv' | 'json', path: string): Promise<{ path: string; bytes: number }> {
    const paths = sweepPaths(this.resultPath(id));
    await this.entry(id);
    let data: string;
    try {
      data = await readFile(format === 'csv' ? paths.csv : paths.result, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
      throw new EvalError('not-found', 'This sweep has no results written yet: they are saved when a run ends. Resume it (or wait for it) first.', { cause });
    }
    await writeFileAtomically(path, data);
    return { path, bytes: Buffer.byteLength(data) };
  }

  async delete(id: string): Promise<void> {
    await this.entry(id);
    await rm(this.folder(id), { recursive: true, force: true });
  }

  private async readJson(id: string, name: string, schema: z.ZodType): Promise<unknown> {
    const file = join(this.folder(id), name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new EvalError('not-found', `There is no saved sweep "${id}"; it may have been deleted.`, { cause });
      throw new EvalError('unreadable-file', `${file} could not be read: ${(cause as Error).message}`, { cause });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new EvalError('unreadable-file', `${file} is damaged (not valid JSON), so the sweep "${id}" cannot be shown. Delete its folder to remove it.`, { cause });
    }
    if (!schema.safeParse(value).success) {
      throw new EvalError('unreadable-file', `${file} is not a Steerling sweep file, so the sweep "${id}" cannot be shown. Delete its folder to remove it.`);
    }
    return value;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
