/**
 * Child process for durability.test.ts: saves results in a tight loop and prints "<n> <id>" after
 * each save returns (that is, after its commit). The test SIGKILLs it at a random moment.
 * Usage: node --import tsx durability-writer.ts <history file> <first n>
 */
import { HistoryStore } from '../../../src-main/core/history';
import { durableRecord } from './durability-record';

const [file, first] = process.argv.slice(2);
const store = HistoryStore.open(file);
for (let n = Number(first); ; n++) {
  const saved = store.add(durableRecord(n));
  process.stdout.write(`${n} ${saved.id}\n`);
}
