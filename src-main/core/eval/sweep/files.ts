/**
 * Where a sweep lives on disk, next to each other:
 *   <base>.json        the result (written when the run ends, finished or not)
 *   <base>.csv         the same as CSV
 *   <base>.cells.json  the checkpoint: baselines and finished cells, rewritten after each cell,
 *                      so a cancelled or crashed sweep resumes where it stopped
 * Every file is written to a temporary name and renamed, so a crash never leaves half a file.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically as writeAtomically } from '../../atomic-write';
import { EvalError } from '../errors';
import type { SweepBaselines, SweepCell } from './types';

export interface SweepPaths {
  result: string;
  csv: string;
  checkpoint: string;
}

/** `resultPath` may end in .json or name the base. */
export function sweepPaths(resultPath: string): SweepPaths {
  const base = resultPath.replace(/\.json$/i, '');
  return { result: `${base}.json`, csv: `${base}.csv`, checkpoint: `${base}.cells.json` };
}

export interface SweepCheckpoint {
  version: 1;
  fingerprint: string;
  baselines: SweepBaselines;
  cells: SweepCell[];
}

const checkpointSchema = z.object({
  version: z.literal(1),
  fingerprint: z.string(),
  baselines: z.object({ plain: z.unknown().optional(), prompted: z.unknown().optional() }),
  cells: z.array(z.object({ key: z.string(), output: z.string() }).passthrough()),
});

/** core's atomic writer, failing with an EvalError that names the file and why. */
export async function writeFileAtomically(path: string, data: string): Promise<void> {
  try {
    await writeAtomically(path, data);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` :
      code === 'ENOSPC' ? 'the disk is full' :
      code === 'EACCES' || code === 'EPERM' ? `Steerling may not write in ${dirname(path)}` :
      (cause as Error).message;
    throw new EvalError('write-failed', `${basename(path)} could not be saved: ${why}.`, { cause });
  }
}

/** The checkpoint at `path`, or null when there is none. */
export async function readCheckpoint(path: string): Promise<SweepCheckpoint | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new EvalError('unreadable-checkpoint', `The saved sweep progress ${basename(path)} could not be read: ${(cause as Error).message}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new EvalError(
      'unreadable-checkpoint',
      `The saved sweep progress ${basename(path)} is damaged (not valid JSON). Delete it to start the sweep over, or choose another result file.`,
      { cause },
    );
  }
  const checked = checkpointSchema.safeParse(parsed);
  if (!checked.success) {
    throw new EvalError(
      'unreadable-checkpoint',
      `The saved sweep progress ${basename(path)} is not a Steerling sweep checkpoint. Delete it to start over, or choose another result file.`,
    );
  }
  return parsed as SweepCheckpoint;
}
