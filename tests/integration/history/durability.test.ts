import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/core/history';
import { makeRecord, tempFolder } from '../../unit/history/fixtures';
import { durableRecord } from './durability-record';

const WRITER = fileURLToPath(new URL('./durability-writer.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs the writer until it has reported `saves` commits (plus a random extra few milliseconds),
 * then SIGKILLs it. Returns the ids it reported, by record number.
 */
function writeThenKill(file: string, first: number, saves: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--no-warnings', WRITER, file, String(first)], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reported = new Map<number, string>();
    let pending = '';
    let stderr = '';
    let killing = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [n, id] = line.split(' ');
        reported.set(Number(n), id);
      }
      if (!killing && reported.size >= saves) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 20);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

function expectIntact(file: string): void {
  const db = new DatabaseSync(file);
  expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
  // FTS5's own check that its index matches its rows.
  db.exec("INSERT INTO results_fts (results_fts) VALUES ('integrity-check')");
  db.exec("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')");
  db.close();
}

describe('history survives a killed process', () => {
  let folder: ReturnType<typeof tempFolder>;
  beforeAll(() => {
    folder = tempFolder('steerling-durability-');
  });
  afterAll(() => folder.cleanup());

  it('keeps every result committed before SIGKILL, readable and searchable, twice over', async () => {
    const file = join(folder.dir, 'history.db');
    const allReported = new Map<number, string>();
    let next = 0;
    for (const saves of [60, 90]) {
      const reported = await writeThenKill(file, next, saves);
      expect(reported.size).toBeGreaterThanOrEqual(saves);
      for (const [n, id] of reported) allReported.set(n, id);
      next = Math.max(...reported.keys()) + 2; // leave a gap so the next run's numbers are distinct
      // No clean close happened: the committed tail lives in the WAL, which opening must recover.
      expect(existsSync(`${file}-wal`)).toBe(true);

      expectIntact(file);
      const store = HistoryStore.open(file);
      try {
        // At most the one save in flight at the kill may exist beyond what was reported.
        expect(store.count()).toBeGreaterThanOrEqual(allReported.size);
        expect(store.count()).toBeLessThanOrEqual(allReported.size + 2);
        for (const [n, id] of allReported) {
          const record = store.get(id);
          expect(record, `record ${n}`).not.toBeNull();
          expect({ ...record, id: undefined, createdAt: undefined }).toEqual({ ...durableRecord(n), id: undefined, createdAt: undefined });
        }
        const last = Math.max(...allReported.keys());
        expect(store.list({ query: `durablemark${last}` }).items.map((item) => item.id)).toEqual([allReported.get(last)]);
        // The recovered file takes new writes.
        const added = store.add(makeRecord({ title: 'After the crash' }));
        expect(store.get(added.id)?.article.title).toBe('After the crash');
        expect(store.delete([added.id])).toBe(1);
      } finally {
        store.close();
      }
    }
  });
});
