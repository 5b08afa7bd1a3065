/**
 * Free space on the drive of a folder. Injectable (`FreeSpaceProbe`) so tests can make a real
 * download meet a full disk; the check that uses it is the same code either way.
 */
import { statfs } from 'node:fs/promises';
import { ModelDownloadError, formatBytes } from '../errors';

export type FreeSpaceProbe = (dir: string) => Promise<number>;

/** Bytes available to this (unprivileged) user. */
export const statfsFreeSpace: FreeSpaceProbe = async (dir) => {
  const stats = await statfs(dir);
  return Number(stats.bavail) * Number(stats.bsize);
};

/** Headroom so the disk is not filled to the last byte (the OS and the app need some too). */
export const DEFAULT_SPACE_MARGIN = 200 * 1000 * 1000;

export async function ensureFreeSpace(
  dir: string,
  neededBytes: number,
  probe: FreeSpaceProbe = statfsFreeSpace,
  margin = DEFAULT_SPACE_MARGIN,
): Promise<void> {
  if (neededBytes <= 0) return;
  let free: number;
  try {
    free = await probe(dir);
  } catch {
    return; // Unknown free space must not block a download; a real ENOSPC is still caught while writing.
  }
  if (free >= neededBytes + margin) return;
  throw new ModelDownloadError(
    'disk-full',
    `Not enough free disk space: the model needs ${formatBytes(neededBytes)} more, but only ${formatBytes(free)} is free ` +
      `on the drive of ${dir}. Free up ${formatBytes(neededBytes + margin - free)} or choose another models folder.`,
  );
}
