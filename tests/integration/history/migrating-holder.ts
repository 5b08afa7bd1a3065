/**
 * Child process for concurrent-open.test.ts: another Steerling creating the same new history.
 * It migrates the file inside one write transaction, says "holding", and keeps the transaction
 * open until a while after the release file appears, so the test's process, opening the file
 * right after writing that file, reads the format before this commit and waits for the lock.
 * Usage: node --import tsx migrating-holder.ts <history file> <release file>
 */
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src-main/core/history/schema';

const [file, release] = process.argv.slice(2);
const db = new DatabaseSync(file);
db.exec('BEGIN IMMEDIATE');
for (const step of MIGRATIONS) db.exec(step);
db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
process.stdout.write('holding\n');
const pause = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(release)) Atomics.wait(pause, 0, 0, 5);
Atomics.wait(pause, 0, 0, 1000);
db.exec('COMMIT');
db.close();
