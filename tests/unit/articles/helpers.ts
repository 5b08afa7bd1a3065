import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ArticleImportError, type ArticleImportErrorCode } from '../../../src-main/core/articles/article';

/** A scratch folder per test file, removed afterwards. */
export async function scratchDir(): Promise<{ dir: string; write: (name: string, data: Uint8Array | string) => Promise<string>; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'steerling-articles-'));
  return {
    dir,
    write: async (name, data) => {
      const path = join(dir, name);
      await writeFile(path, data);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Awaits a failing import and checks it failed the way a writer should be told. */
export async function expectImportError(
  attempt: Promise<unknown> | (() => unknown),
  code: ArticleImportErrorCode,
  message: RegExp,
): Promise<ArticleImportError> {
  let caught: unknown;
  try {
    await (typeof attempt === 'function' ? attempt() : attempt);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ArticleImportError);
  const error = caught as ArticleImportError;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return error;
}

export function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return Buffer.concat(parts.map((part) => Buffer.from(part)));
}

/** Paths to committed files, independent of the directory the tests are started from. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../../${relative}`, import.meta.url));
}
