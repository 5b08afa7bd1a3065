/**
 * The project's import graph, read with the TypeScript parser, and the checks the layering must
 * pass. Kept apart from the test so the checks can be run on a small planted graph as well as on
 * the real tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** A project file (relative to the root, forward slashes), or `package:<name>` for anything else. */
  to: string;
  /** `import type` / `export type`: erased from the built code, so it carries no run-time dependency. */
  typeOnly: boolean;
}

/** file → what it imports. */
export type ImportGraph = Map<string, ImportEdge[]>;

const SOURCE = /\.(ts|svelte)$/;
const RESOLVE_SUFFIXES = ['', '.ts', '/index.ts'];

function listSources(root: string, dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    // native/ holds the addon's C++ sources and its node-gyp build.
    if (entry.name === 'node_modules' || entry.name === 'native' || entry.name.startsWith('.')) continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) listSources(root, rel, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
}

/** The script blocks of a Svelte component; the markup cannot import anything. */
function scriptText(file: string, text: string): string {
  if (!file.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function resolveSpecifier(root: string, from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return `package:${specifier}`;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, base.replace(/\.js$/, '')]) {
    for (const suffix of RESOLVE_SUFFIXES) {
      const file = path.join(root, candidate + suffix);
      if (fs.existsSync(file) && fs.statSync(file).isFile()) return candidate + suffix;
    }
  }
  return `unresolved:${base}`;
}

/** Every module specifier in one file, with whether only types come through it. */
export function importsOf(fileName: string, text: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const allTypes = node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Reads every .ts and .svelte file under `dirs` (relative to `root`) and what it imports. */
export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const files: string[] = [];
  for (const dir of dirs) listSources(root, dir, files);
  const graph: ImportGraph = new Map();
  for (const file of files.sort()) {
    const text = scriptText(file, fs.readFileSync(path.join(root, file), 'utf8'));
    const edges = new Map<string, ImportEdge>();
    for (const { specifier, typeOnly } of importsOf(file, text)) {
      const to = resolveSpecifier(root, file, specifier);
      const known = edges.get(to);
      edges.set(to, { to, typeOnly: (known?.typeOnly ?? true) && typeOnly });
    }
    graph.set(file, [...edges.values()]);
  }
  return graph;
}

/** No file matching `from` may import anything matching `to`, unless it also matches `allow`. */
export interface LayerRule {
  name: string;
  from: RegExp;
  to: RegExp;
  allow?: RegExp;
  /** Count only imports that remain in the built code (a type import is then allowed). */
  runtimeOnly?: boolean;
}

export interface Violation {
  rule: string;
  from: string;
  to: string;
}

export function ruleViolations(graph: ImportGraph, rules: readonly LayerRule[]): Violation[] {
  const found: Violation[] = [];
  for (const [from, edges] of graph) {
    for (const rule of rules) {
      if (!rule.from.test(from)) continue;
      for (const edge of edges) {
        if (rule.runtimeOnly && edge.typeOnly) continue;
        if (rule.to.test(edge.to) && !rule.allow?.test(edge.to)) found.push({ rule: rule.name, from, to: edge.to });
      }
    }
  }
  return found;
}

/**
 * What a file pulls in when it runs: every module reachable through imports that survive
 * compilation. Used to show that the renderer's bundle and the contract never reach Node.
 */
export function runtimeClosure(graph: ImportGraph, start: string): Set<string> {
  return closure(graph, start, false);
}

/**
 * Every module reachable from `start`, type imports included: what a type check of `start` reads.
 * The renderer's type check reads the contract this way, so the contract must not reach Node here either.
 */
export function typeClosure(graph: ImportGraph, start: string): Set<string> {
  return closure(graph, start, true);
}

function closure(graph: ImportGraph, start: string, withTypes: boolean): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const edge of graph.get(file) ?? []) {
      if ((edge.typeOnly && !withTypes) || seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return seen;
}

/**
 * Cycles between the groups `groupOf` names (null: a file outside every group), each as the sorted
 * names of one strongly connected set larger than one group. Tarjan's algorithm; type imports count
 * too, because a cycle of types is still two folders that cannot be understood apart.
 */
export function groupCycles(graph: ImportGraph, groupOf: (file: string) => string | null): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const a = groupOf(from);
    if (a === null) continue;
    if (!edges.has(a)) edges.set(a, new Set());
    for (const { to } of targets) {
      const b = groupOf(to);
      if (b !== null && b !== a) edges.get(a)!.add(b);
    }
  }
  let next = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    order.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!order.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, order.get(target)!));
      }
    }
    if (low.get(node) === order.get(node)) {
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== node);
      if (members.length > 1) cycles.push(members.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!order.has(node)) visit(node);
  return cycles;
}
