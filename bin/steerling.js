#!/usr/bin/env node
// Entry for `npx steerling …`: runs the TypeScript CLI directly, so it works straight after `npm ci`.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`steerling: Node.js 22 or newer is required (this is ${process.version}).`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../src-main/cli/main.ts');
