#!/usr/bin/env node
// Entry for `npx steerling …`: runs the TypeScript CLI directly, so it works straight after `npm ci`.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`steerling: Node.js 22 or newer is required (this is ${process.version}).`);
  process.exit(1);
}
// node:sqlite (the history store) is stable enough for us but still flagged experimental on Node 22;
// its one-line warning would only confuse people reading the CLI's output.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const text = typeof warning === 'string' ? warning : warning?.message;
  if (typeof text === 'string' && text.startsWith('SQLite is an experimental feature')) return;
  emitWarning(warning, ...rest);
};
const { register } = await import('tsx/esm/api');
register();
await import('../src-main/cli/main.ts');
