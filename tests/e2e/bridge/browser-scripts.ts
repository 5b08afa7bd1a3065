/**
 * The bridge's own browser code (preload.ts, wire.ts), compiled from TypeScript on first request.
 * Type-only transpilation is enough: both files are self-contained ES modules.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPTS = new Set(['preload', 'wire']);
const compiled = new Map<string, Promise<string>>();

async function compile(name: string): Promise<string> {
  const source = await readFile(join(here, `${name}.ts`), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: `${name}.ts`,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  // Browsers need the extension the project's source leaves out.
  return outputText.replace(/(from\s+['"])(\.\/[\w-]+)(['"])/g, '$1$2.js$3');
}

/** The compiled script for `/__bridge/<name>.js`, or undefined for any other name. */
export function bridgeScript(name: string): Promise<string> | undefined {
  if (!SCRIPTS.has(name)) return undefined;
  let script = compiled.get(name);
  if (!script) {
    script = compile(name);
    compiled.set(name, script);
  }
  return script;
}
