/**
 * One writer per partial file: two downloads appending to the same .part (the app and the CLI,
 * or a double click) would garble it. `<dest>.part.lock` holds the owner's pid; a lock whose
 * process is gone (a crash, a SIGKILL) is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { ModelDownloadError } from '../errors';

const heldHere = new Set<string>();

function lockPath(dest: string): string {
  return `${dest}.part.lock`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function busy(): ModelDownloadError {
  return new ModelDownloadError('in-progress', 'This model is already being downloaded. Wait for that download, or cancel it first.');
}

/** Takes the lock or throws `in-progress`; returns the release function. */
export async function acquireDownloadLock(dest: string): Promise<() => Promise<void>> {
  if (heldHere.has(dest)) throw busy();
  heldHere.add(dest);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(lockPath(dest), 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        return async () => {
          heldHere.delete(dest);
          await rm(lockPath(dest), { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number((await readFile(lockPath(dest), 'utf8').catch(() => '')).trim());
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) throw busy();
        await rm(lockPath(dest), { force: true }); // stale: its process is gone
      }
    }
    throw busy();
  } catch (error) {
    heldHere.delete(dest);
    throw error;
  }
}
