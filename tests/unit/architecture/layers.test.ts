/**
 * The layering, checked on every import in src-main and src-renderer (the way VS Code's layer lint
 * works): core is a one-way tower under every shell, the contract is the only thing the renderer
 * and the shells share, and no folders import each other in a circle. Each check is also run on a
 * planted violation, so a check that could never fail would show here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { groupCycles, importsOf, readImportGraph, ruleViolations, runtimeClosure, typeClosure, type ImportGraph, type LayerRule } from './import-graph';

const projectDir = path.resolve(import.meta.dirname, '../../..');

const SHELLS = /^src-main\/(backend|electron|cli)\//;
const CORE = /^src-main\/core\//;
const CONTRACT = /^src-main\/ipc\//;

/** Inside core, from the floor up: engine, then steering, then eval, then the worker host above them. */
const RULES: LayerRule[] = [
  { name: 'core imports no shell, no contract and no Electron', from: CORE, to: /^src-main\/(ipc|backend|electron|cli)\/|^package:electron(\/|$)/ },
  { name: 'the contract imports no shell', from: CONTRACT, to: SHELLS },
  { name: 'the backend serves every shell and imports none', from: /^src-main\/backend\//, to: /^src-main\/(electron|cli)\/|^package:electron(\/|$)/ },
  { name: 'the CLI never loads Electron', from: /^src-main\/cli\//, to: /^src-main\/electron\/|^package:electron(\/|$)/ },
  { name: 'Electron never loads the CLI', from: /^src-main\/electron\//, to: /^src-main\/cli\// },
  { name: 'the renderer imports only the contract from src-main', from: /^src-renderer\//, to: /^src-main\//, allow: CONTRACT },
  { name: 'the engine imports nothing above it in core', from: /^src-main\/core\/engine\//, to: /^src-main\/core\/(steering|eval|worker|history|models|articles)\// },
  { name: 'steering sits below eval and the worker host', from: /^src-main\/core\/steering\//, to: /^src-main\/core\/(eval|worker|history|models)\// },
  { name: 'eval sits below the worker host', from: /^src-main\/core\/eval\//, to: /^src-main\/core\/worker\// },
  { name: 'nothing in core but the worker host reaches into it', from: /^src-main\/core\/(?!worker\/)/, to: /^src-main\/core\/worker\// },
  { name: 'the process plumbing is the floor', from: /^src-main\/core\/process\//, to: /^src-main\/core\/(?!process\/)[^/]+\// },
];

/** Named folders: each core domain, the contract, the backend, each shell, the renderer. */
function folderOf(file: string): string | null {
  const core = /^src-main\/core\/([^/]+)\//.exec(file);
  if (core) return `core/${core[1]}`;
  const main = /^src-main\/([^/]+)\//.exec(file);
  if (main) return main[1];
  return file.startsWith('src-renderer/') ? 'renderer' : null;
}

/** A module the renderer's bundle or the contract must never reach at run time. */
const NODE_ONLY = /^package:(node:|electron(\/|$)|node-llama-cpp)|^src-main\/(backend|electron|cli)\//;

/** What the renderer's type check cannot read (it has no Node types); node-llama-cpp ships its own. */
const NODE_TYPES = /^package:(node:|electron(\/|$))|^src-main\/(backend|electron|cli)\//;

function nodeOnlyReach(graph: ImportGraph, starts: (file: string) => boolean, reach = runtimeClosure, forbidden = NODE_ONLY): string[] {
  const reached = new Set<string>();
  for (const file of graph.keys()) {
    if (!starts(file)) continue;
    for (const target of reach(graph, file)) if (forbidden.test(target)) reached.add(`${file} → ${target}`);
  }
  return [...reached].sort();
}

describe('the real tree', () => {
  const graph = readImportGraph(projectDir, ['src-main', 'src-renderer']);

  it('reads the whole tree and resolves every relative import', () => {
    expect(graph.size).toBeGreaterThan(250);
    expect(graph.has('src-main/core/worker/engine-client.ts')).toBe(true);
    expect([...graph.keys()].some((file) => file.endsWith('.svelte'))).toBe(true);
    const unresolved = [...graph].flatMap(([file, edges]) => edges.filter((e) => e.to.startsWith('unresolved:')).map((e) => `${file} → ${e.to}`));
    expect(unresolved).toEqual([]);
  });

  it('keeps every layer rule', () => {
    expect(ruleViolations(graph, RULES)).toEqual([]);
  });

  it('has no import cycles between the named folders', () => {
    expect(groupCycles(graph, folderOf)).toEqual([]);
  });

  it('has no import cycles between files', () => {
    expect(groupCycles(graph, (file) => (file.startsWith('package:') ? null : file))).toEqual([]);
  });

  it('never lets the renderer or the contract reach Node, Electron, the engine or a shell at run time', () => {
    expect(nodeOnlyReach(graph, (file) => file.startsWith('src-renderer/'))).toEqual([]);
    expect(nodeOnlyReach(graph, (file) => CONTRACT.test(file))).toEqual([]);
  });

  it("keeps even the contract's types free of Node, since the renderer's type check reads them", () => {
    expect(nodeOnlyReach(graph, (file) => CONTRACT.test(file), typeClosure, NODE_TYPES)).toEqual([]);
  });
});

describe('the checks themselves, on planted violations', () => {
  const planted: ImportGraph = new Map([
    ['src-main/core/engine/types.ts', [{ to: 'src-main/ipc/contract.ts', typeOnly: true }]],
    ['src-main/core/engine/steering-hook.ts', [{ to: 'src-main/core/steering/settings.ts', typeOnly: true }]],
    ['src-main/core/steering/settings.ts', [{ to: 'src-main/core/engine/types.ts', typeOnly: true }]],
    ['src-main/core/eval/runner.ts', [{ to: 'src-main/core/worker/event-queue.ts', typeOnly: false }]],
    ['src-main/core/worker/event-queue.ts', [{ to: 'src-main/core/eval/runner.ts', typeOnly: false }]],
    ['src-main/core/history/store.ts', [{ to: 'package:electron', typeOnly: false }]],
    ['src-main/ipc/contract.ts', [{ to: 'src-main/ipc/constants.ts', typeOnly: false }, { to: 'src-main/core/engine/types.ts', typeOnly: true }]],
    ['src-main/ipc/constants.ts', [{ to: 'src-main/core/history/store.ts', typeOnly: false }]],
    ['src-renderer/stores/summary.svelte.ts', [{ to: 'src-main/core/engine/types.ts', typeOnly: true }, { to: 'src-main/ipc/contract.ts', typeOnly: false }]],
    ['src-renderer/App.svelte', [{ to: 'src-renderer/stores/summary.svelte.ts', typeOnly: false }]],
  ]);

  it('finds every planted rule violation, and only those', () => {
    const found = ruleViolations(planted, RULES).map((v) => `${v.rule}: ${v.from} → ${v.to}`);
    expect(found.sort()).toEqual(
      [
        'core imports no shell, no contract and no Electron: src-main/core/engine/types.ts → src-main/ipc/contract.ts',
        'core imports no shell, no contract and no Electron: src-main/core/history/store.ts → package:electron',
        'the engine imports nothing above it in core: src-main/core/engine/steering-hook.ts → src-main/core/steering/settings.ts',
        'eval sits below the worker host: src-main/core/eval/runner.ts → src-main/core/worker/event-queue.ts',
        'nothing in core but the worker host reaches into it: src-main/core/eval/runner.ts → src-main/core/worker/event-queue.ts',
        'the renderer imports only the contract from src-main: src-renderer/stores/summary.svelte.ts → src-main/core/engine/types.ts',
      ].sort(),
    );
  });

  it('finds the planted folder cycles and file cycles', () => {
    // engine → contract → engine joins the engine ↔ steering circle.
    expect(groupCycles(planted, folderOf).sort()).toEqual([
      ['core/engine', 'core/steering', 'ipc'],
      ['core/eval', 'core/worker'],
    ]);
    expect(groupCycles(planted, (file) => (file.startsWith('package:') ? null : file)).sort()).toEqual([
      ['src-main/core/engine/types.ts', 'src-main/ipc/contract.ts'],
      ['src-main/core/eval/runner.ts', 'src-main/core/worker/event-queue.ts'],
    ]);
  });

  it('follows run-time imports through the contract to Electron, and ignores type imports', () => {
    expect(nodeOnlyReach(planted, (file) => file === 'src-renderer/App.svelte')).toEqual(['src-renderer/App.svelte → package:electron']);
    const typesOnly: ImportGraph = new Map([['src-renderer/a.ts', [{ to: 'src-main/core/history/store.ts', typeOnly: true }]], ...planted]);
    expect(nodeOnlyReach(typesOnly, (file) => file === 'src-renderer/a.ts')).toEqual([]);
    expect(nodeOnlyReach(typesOnly, (file) => file === 'src-renderer/a.ts', typeClosure, NODE_TYPES)).toEqual(['src-renderer/a.ts → package:electron']);
  });

  it('tells type imports from run-time ones', () => {
    const found = importsOf(
      'x.ts',
      [
        "import type { A } from './a';",
        "import { type B, type C } from './b';",
        "import { D, type E } from './d';",
        "import F from './f';",
        "import './g';",
        "export type { H } from './h';",
        "export { I } from './i';",
        "export * from './j';",
        "const k = await import('./k');",
        "let l: import('./l').L;",
      ].join('\n'),
    );
    expect(found).toEqual([
      { specifier: './a', typeOnly: true },
      { specifier: './b', typeOnly: true },
      { specifier: './d', typeOnly: false },
      { specifier: './f', typeOnly: false },
      { specifier: './g', typeOnly: false },
      { specifier: './h', typeOnly: true },
      { specifier: './i', typeOnly: false },
      { specifier: './j', typeOnly: false },
      { specifier: './k', typeOnly: false },
      { specifier: './l', typeOnly: true },
    ]);
  });

  describe('on a planted tree on disk', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-layers-'));
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };

    it('reads Svelte scripts and folder imports, and reports what breaks the rules', () => {
      write('src-main/ipc/contract.ts', 'export type X = number;\n');
      write('src-main/core/engine/index.ts', "import { ipcMain } from 'electron';\nexport const y = ipcMain;\n");
      write('src-main/core/engine/worker.ts', "import type { X } from '../../ipc/contract.js';\nexport type Y = X;\n");
      write('src-renderer/App.svelte', "<script lang=\"ts\">\n  import { y } from '../src-main/core/engine';\n</script>\n<p>{y}</p>\n");
      const graph = readImportGraph(root, ['src-main', 'src-renderer']);
      expect(graph.get('src-renderer/App.svelte')).toEqual([{ to: 'src-main/core/engine/index.ts', typeOnly: false }]);
      expect(ruleViolations(graph, RULES).map((v) => `${v.from} → ${v.to}`).sort()).toEqual([
        'src-main/core/engine/index.ts → package:electron',
        'src-main/core/engine/worker.ts → src-main/ipc/contract.ts',
        'src-renderer/App.svelte → src-main/core/engine/index.ts',
      ]);
      expect(nodeOnlyReach(graph, (file) => file.startsWith('src-renderer/'))).toEqual(['src-renderer/App.svelte → package:electron']);
    });
  });
});
