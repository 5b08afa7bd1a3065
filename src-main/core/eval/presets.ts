/**
 * Steering presets per pair: "this pair works at these layers with this strength", usually the
 * best cell of a sweep, saved in `<dataDir>/presets.json` so the steered mode can offer it again.
 * Kept apart from the pair libraries on purpose: libraries are shareable style definitions (their
 * `suggested` settings are model-agnostic starting points), presets are what worked on this
 * computer's model, and they must survive a library being re-imported.
 *
 * A damaged presets.json is never overwritten: reading it fails with a clear error and saving is
 * refused until it is moved aside, so no preset is lost silently.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { EvalError } from './errors';
import { pairIdSchema, presetInputSchema, type Preset, type PresetInput, type SavedPreset } from './preset-types';
import { writeFileAtomically } from './sweep/files';

export const PRESETS_FORMAT = 'steerling-presets';

export { pairIdSchema, presetInputSchema, type Preset, type PresetInput, type SavedPreset } from './preset-types';

const presetSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  method: z.enum(['actadd', 'caa', 'all']),
  layerStart: z.number().int(),
  layerEnd: z.number().int(),
  coefficient: z.number(),
  modelId: z.string().optional(),
  sweepId: z.string().optional(),
  note: z.string().optional(),
  savedAt: z.string(),
});

const fileSchema = z.object({
  format: z.literal(PRESETS_FORMAT),
  version: z.literal(1),
  pairs: z.record(z.string(), z.array(presetSchema)),
});

type PresetsFile = z.infer<typeof fileSchema>;

export function defaultPresetName(preset: Pick<Preset, 'method' | 'layerStart' | 'layerEnd' | 'coefficient'>): string {
  const layers = preset.layerStart === preset.layerEnd ? `layer ${preset.layerStart}` : `layers ${preset.layerStart}–${preset.layerEnd}`;
  return `${preset.method}, ${layers}, ×${preset.coefficient}`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 4)
    .map((issue) => `${issue.path.join('.') || 'preset'} ${issue.message}`)
    .join('; ');
}

export class PresetStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Every preset, or those of one pair, each pair's newest first. */
  async list(pairId?: string): Promise<SavedPreset[]> {
    const data = await this.read();
    return Object.entries(data.pairs)
      .filter(([id]) => pairId === undefined || id === pairId)
      .flatMap(([id, presets]) => presets.map((preset) => ({ ...preset, pairId: id })))
      .sort((a, b) => a.pairId.localeCompare(b.pairId) || b.savedAt.localeCompare(a.savedAt));
  }

  /** Saves a preset for the pair; one with the same name is replaced (and keeps its id). */
  save(pairId: string, input: PresetInput): Promise<SavedPreset> {
    const pair = pairIdSchema.safeParse(pairId);
    if (!pair.success) return Promise.reject(new EvalError('invalid-request', `The pair id "${pairId}" ${pair.error.issues[0].message}.`));
    const parsed = presetInputSchema.safeParse(input);
    if (!parsed.success) return Promise.reject(new EvalError('invalid-request', `This preset cannot be saved: ${describeIssues(parsed.error)}.`));
    return this.exclusive(async () => {
      const data = await this.read();
      const { name, ...settings } = parsed.data;
      const presetName = name ?? defaultPresetName(settings);
      const list = data.pairs[pair.data] ?? [];
      const existing = list.find((preset) => preset.name === presetName);
      const preset: Preset = { id: existing?.id ?? randomUUID(), name: presetName, ...settings, savedAt: new Date().toISOString() };
      data.pairs[pair.data] = [preset, ...list.filter((p) => p !== existing)];
      await this.write(data);
      return { ...preset, pairId: pair.data };
    });
  }

  /** false when there was no such preset. */
  delete(pairId: string, id: string): Promise<boolean> {
    return this.exclusive(async () => {
      const data = await this.read();
      const list = data.pairs[pairId] ?? [];
      const kept = list.filter((preset) => preset.id !== id);
      if (kept.length === list.length) return false;
      if (kept.length === 0) delete data.pairs[pairId];
      else data.pairs[pairId] = kept;
      await this.write(data);
      return true;
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.catch(() => undefined).then(work);
    this.queue = next;
    return next;
  }

  private async read(): Promise<PresetsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { format: PRESETS_FORMAT, version: 1, pairs: {} };
      throw new EvalError('unreadable-file', `The presets file ${this.file} could not be read: ${(cause as Error).message}`, { cause });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new EvalError('unreadable-file', `The presets file ${this.file} is damaged (not valid JSON). It was left untouched; move it aside to start a new one.`, { cause });
    }
    const parsed = fileSchema.safeParse(value);
    if (!parsed.success) {
      throw new EvalError(
        'unreadable-file',
        `The presets file ${this.file} is not one this version of Steerling can read (${describeIssues(parsed.error)}). It was left untouched; move it aside to start a new one.`,
      );
    }
    return parsed.data;
  }

  private async write(data: PresetsFile): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true }).catch(() => undefined); // a missing folder is reported by the write
    await writeFileAtomically(this.file, `${JSON.stringify(data, null, 2)}\n`);
  }
}
