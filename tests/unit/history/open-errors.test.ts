import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryError, HistoryStore } from '../../../src-main/core/history';
import { makeRecord, tempFolder } from './fixtures';

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => {
  folder = tempFolder();
});
afterEach(() => folder.cleanup());

/** Opening must fail with this code, and leave the file byte for byte as it was, alone in its folder. */
function expectRefused(file: string, code: HistoryError['code'], message: RegExp): HistoryError {
  const before = readFileSync(file);
  const siblings = readdirSync(folder.dir).sort();
  let caught: unknown;
  try {
    HistoryStore.open(file).close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(HistoryError);
  const error = caught as HistoryError;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expect(error.message).toContain(file);
  expect(readFileSync(file).equals(before)).toBe(true);
  expect(readdirSync(folder.dir).sort()).toEqual(siblings);
  return error;
}

/** A real history with some results, checkpointed into the main file. */
function makeHistory(file: string, results = 300): void {
  const store = HistoryStore.open(file);
  store.addMany(Array.from({ length: results }, (_, i) => makeRecord({ title: `R${i}`, text: `Article ${i} ${'text '.repeat(200)}` })));
  store.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
}

describe('HistoryStore.open refuses what it must not touch', () => {
  it('a text file', () => {
    const file = join(folder.dir, 'notes.db');
    writeFileSync(file, 'These are my notes, not a database.\n');
    expectRefused(file, 'not-a-database', /not a Steerling history file/);
  });

  it('a file that starts like SQLite but is garbage', () => {
    const file = join(folder.dir, 'garbage.db');
    const bytes = Buffer.alloc(8192, 0xab);
    bytes.write('SQLite format 3\0', 0, 'latin1');
    writeFileSync(file, bytes);
    expectRefused(file, 'not-a-database', /not a SQLite database/);
  });

  it('a history whose pages were overwritten', () => {
    const file = join(folder.dir, 'history.db');
    makeHistory(file);
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, pageSize * 4, pageSize * 12); // pages 5–12, past the schema page
    writeFileSync(file, bytes);
    expectRefused(file, 'corrupt', /damaged.*left untouched/s);
  });

  it('a history cut short', () => {
    const file = join(folder.dir, 'history.db');
    makeHistory(file);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectRefused(file, 'corrupt', /damaged/);
  });

  it("another program's SQLite database", () => {
    const file = join(folder.dir, 'other.sqlite');
    const db = new DatabaseSync(file);
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
    db.close();
    expectRefused(file, 'not-a-database', /not a Steerling history/);
  });

  it('a history from a newer Steerling', () => {
    const file = join(folder.dir, 'history.db');
    makeHistory(file, 1);
    const db = new DatabaseSync(file);
    db.exec('PRAGMA user_version = 99');
    db.close();
    expectRefused(file, 'newer-version', /newer version of Steerling/);
  });

  it('a folder where the file should be', () => {
    const file = join(folder.dir, 'history.db');
    mkdirSync(file);
    let caught: unknown;
    try {
      HistoryStore.open(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'HistoryError', code: 'unavailable', message: expect.stringContaining('is a folder') });
  });

  it('a folder path blocked by a file', () => {
    const blocker = join(folder.dir, 'blocker');
    writeFileSync(blocker, 'x');
    expect(() => HistoryStore.open(join(blocker, 'history.db'))).toThrow(
      expect.objectContaining({ code: 'unavailable', message: expect.stringContaining('cannot create the folder') }),
    );
    expect(readFileSync(blocker, 'utf8')).toBe('x');
  });
});

describe('HistoryStore.open accepts', () => {
  it('an empty file, as a new history', () => {
    const file = join(folder.dir, 'empty.db');
    writeFileSync(file, '');
    const store = HistoryStore.open(file);
    store.add(makeRecord());
    expect(store.count()).toBe(1);
    store.close();
  });

  it('its own history, unchanged, after a clean close', () => {
    const file = join(folder.dir, 'history.db');
    makeHistory(file, 5);
    const store = HistoryStore.open(file);
    expect(store.count()).toBe(5);
    expect(store.list({ query: 'R3' }).items.map((item) => item.title)).toEqual(['R3']);
    store.close();
  });
});
