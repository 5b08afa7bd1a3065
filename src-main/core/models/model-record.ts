/**
 * What the app remembers about a file in the models folder beyond the file itself (where it came
 * from, the checksum it was verified with), kept in `<modelsDir>/.steerling/<file>.json` so the
 * folder a writer sees holds only models.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../atomic-write';

const recordSchema = z.object({
  source: z.enum(['download', 'import']),
  catalogId: z.string().nullable(),
  /** sha256 the file was verified against at download time; null when there was none. */
  sha256: z.string().nullable(),
  /**
   * Where that sha256 came from: pinned in the catalog, or given by the hub; 'unverified' when the
   * writer accepted a file nothing could check. Absent in records from before it was kept.
   */
  verifiedWith: z.enum(['catalog', 'hub', 'unverified']).optional(),
  /** Download address (never with a token in it) or the imported file's original path. */
  origin: z.string(),
  /** For imports: copied into the folder or linked to where it lies. */
  mode: z.enum(['copy', 'link']).nullable(),
  installedAt: z.string(),
});

export type ModelRecord = z.infer<typeof recordSchema>;

export const RECORD_DIR = '.steerling';

function recordPath(modelsDir: string, fileName: string): string {
  return join(modelsDir, RECORD_DIR, `${fileName}.json`);
}

export async function readModelRecord(modelsDir: string, fileName: string): Promise<ModelRecord | null> {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(await readFile(recordPath(modelsDir, fileName), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeModelRecord(modelsDir: string, fileName: string, record: ModelRecord): Promise<void> {
  const path = recordPath(modelsDir, fileName);
  await mkdir(join(modelsDir, RECORD_DIR), { recursive: true });
  await writeFileAtomically(path, JSON.stringify(record, null, 2));
}

export async function removeModelRecord(modelsDir: string, fileName: string): Promise<void> {
  await rm(recordPath(modelsDir, fileName), { force: true });
}
