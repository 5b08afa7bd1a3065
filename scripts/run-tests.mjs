#!/usr/bin/env node
// The whole suite, in the order that fails fastest: typecheck, build, unit, integration, e2e.
// Prints one closing line that sums every runner: "Total: N passed, N failed, N skipped".
// `npm test -- unit integration` runs only the named stages.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-tests-'));
const vitestReport = (name) => path.join(reportDir, `${name}.json`);

const stages = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'build', cmd: ['npm', 'run', '--silent', 'build:renderer'] },
  {
    name: 'unit',
    cmd: ['npx', 'vitest', 'run', '--project', 'unit', '--project', 'renderer', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport('unit')}`],
    count: () => countVitest(vitestReport('unit')),
  },
  {
    name: 'integration',
    cmd: ['npx', 'vitest', 'run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport('integration')}`],
    count: () => countVitest(vitestReport('integration')),
  },
  {
    name: 'e2e',
    cmd: ['npx', 'playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: vitestReport('e2e') },
    count: () => countPlaywright(vitestReport('e2e')),
  },
];

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function countVitest(file) {
  const r = readJson(file);
  if (!r) return null;
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function countPlaywright(file) {
  const r = readJson(file);
  if (!r) return null;
  const s = r.stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedStages = [];
for (const stage of stages) {
  if (only.length > 0 && !only.includes(stage.name)) continue;
  const started = Date.now();
  console.log(`\n=== ${stage.name} ===`);
  const result = spawnSync(stage.cmd[0], stage.cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...stage.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = stage.count?.();
  if (counts) for (const key of Object.keys(totals)) totals[key] += counts[key];
  const ok = result.status === 0;
  if (!ok) failedStages.push(stage.name);
  // A runner that crashed before reporting still counts as a failure in the closing line.
  if (!ok && counts && counts.failed === 0) totals.failed += 1;
  if (!ok && stage.count && !counts) totals.failed += 1;
  console.log(`=== ${stage.name}: ${ok ? 'ok' : 'FAILED'} in ${seconds}s${counts ? ` (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)` : ''}`);
}

if (failedStages.length > 0) console.log(`\nFailed stages: ${failedStages.join(', ')}`);
console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStages.length > 0 ? 1 : 0);
