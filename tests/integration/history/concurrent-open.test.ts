/**
 * The app and the CLI may open a brand-new history at the same moment. Here another process has
 * created the file's tables in a transaction it has not committed yet when this one opens the
 * file: this one reads format 0, waits for the write lock, and must then see that the work is
 * done rather than create the tables a second time.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/core/history';
import { SCHEMA_VERSION } from '../../../src-main/core/history/schema';
import { makeRecord, tempFolder } from '../../unit/history/fixtures';

const HOLDER = fileURLToPath(new URL('./migrating-holder.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

describe('history: a new file opened by two processes at once', () => {
  const folder = tempFolder();
  afterAll(() => folder.cleanup());

  it('migrates it once; the second opener waits and then uses it', async () => {
    const file = join(folder.dir, 'history.sqlite');
    const release = join(folder.dir, 'release');
    const child = spawn(process.execPath, ['--import', 'tsx', '--no-warnings', HOLDER, file, release], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('holding') && resolve());
      child.once('close', () => reject(new Error(`the holder ended early: ${stderr}`)));
    });

    // The holder commits a second after this; open() reads format 0 long before, then waits for the lock.
    writeFileSync(release, '');
    const store = HistoryStore.open(file);
    expect(await exited, stderr).toBe(0);

    const saved = store.add(makeRecord());
    expect(store.get(saved.id)).toMatchObject({ id: saved.id });
    store.close();
    const db = new DatabaseSync(file);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'results'").get()).toEqual({ n: 1 });
    db.close();
  });
});
