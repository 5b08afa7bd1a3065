#!/usr/bin/env node
// Builds the steering side addon (src-main/core/steering/native) with node-gyp, offline.
//
// - Headers come from the installed node-llama-cpp: llama/addon/*.h ship with it; llama.h and the
//   ggml headers come from the llama.cpp source it bundles (llama/gitRelease.bundle), materialised
//   with `node-llama-cpp source download --skipBuild` only when missing. That command does NOT
//   build llama.cpp, so getLlama() keeps using the prebuilt binaries (checked below and in tests).
// - node-addon-api is resolved from node-llama-cpp's own location: the addon unwraps
//   node-llama-cpp's ObjectWrap objects, so both must see the same napi.h.
// - Idempotent: a stamp of every input is kept beside the binary; when nothing changed the script
//   exits in well under a second.
// Set STEERLING_SKIP_NATIVE=1 to skip (steered mode then reports that the addon is missing).
// `--optional` (the postinstall) turns a failure into a warning: a machine without a C++ toolchain
// still installs and runs Steerling, with plain and prompted modes; steered mode then says what to do.
// `npm run build:native` stays strict, and CI's steering tests fail loudly without the addon.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const addonDir = path.join(root, 'src-main/core/steering/native');
const binary = path.join(addonDir, 'build/Release/steerling_steering.node');
const stampPath = path.join(addonDir, 'build/Release/steerling_steering.stamp.json');
const force = process.argv.includes('--force');
const optional = process.argv.includes('--optional');

function fail(message) {
  if (optional) {
    console.warn(`[build-native] warning: ${message}`);
    console.warn('[build-native] Steerling is installed, but steered mode is unavailable until `npm run build:native` succeeds.');
    process.exit(0);
  }
  console.error(`[build-native] ${message}`);
  process.exit(1);
}

// Anything unexpected (a missing input, an unreadable manifest) goes through the same door.
process.on('uncaughtException', (error) => fail(error instanceof Error ? error.message : String(error)));

function log(message) {
  console.log(`[build-native] ${message}`);
}

if (process.env.STEERLING_SKIP_NATIVE === '1') {
  log('skipped (STEERLING_SKIP_NATIVE=1)');
  process.exit(0);
}

const require = createRequire(path.join(root, 'package.json'));

function packageRoot(name, fromRequire) {
  let dir = path.dirname(fromRequire.resolve(name));
  while (dir !== path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return dir;
    dir = path.dirname(dir);
  }
  fail(`cannot find the package root of ${name}`);
}

let nlcDir;
try {
  nlcDir = packageRoot('node-llama-cpp', require);
} catch {
  fail('node-llama-cpp is not installed; run npm install first');
}
const nlcManifest = JSON.parse(readFileSync(path.join(nlcDir, 'package.json'), 'utf8'));
const pinned = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies['node-llama-cpp'];
if (nlcManifest.version !== pinned) {
  fail(`node-llama-cpp ${nlcManifest.version} is installed but ${pinned} is pinned; the addon depends on its internals`);
}

const llamaDir = path.join(nlcDir, 'llama');
const llamaHeader = path.join(llamaDir, 'llama.cpp/include/llama.h');
if (!existsSync(llamaHeader)) {
  log('llama.cpp headers missing: extracting the source node-llama-cpp bundles (no build)');
  const cli = path.join(nlcDir, 'dist/cli/cli.js');
  const result = spawnSync(process.execPath, [cli, 'source', 'download', '--skipBuild'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0 || !existsSync(llamaHeader)) {
    fail('`node-llama-cpp source download --skipBuild` did not produce llama.cpp/include/llama.h');
  }
}
// A local llama.cpp build would silently replace the prebuilt binaries; we never make one.
const localBuilds = path.join(llamaDir, 'localBuilds');
if (existsSync(localBuilds) && readdirSync(localBuilds).length > 0) {
  console.warn(`[build-native] warning: ${localBuilds} exists; node-llama-cpp will prefer that local build`);
}

// include_dir is relative to the current directory.
const napiInclude = path.resolve(createRequire(path.join(nlcDir, 'package.json'))('node-addon-api').include_dir);

const inputs = [
  path.join(addonDir, 'binding.gyp'),
  ...readdirSync(path.join(addonDir, 'src')).map((name) => path.join(addonDir, 'src', name)),
  path.join(llamaDir, 'addon/AddonContext.h'),
  path.join(llamaDir, 'addon/AddonModel.h'),
  path.join(llamaDir, 'addon/AddonSampler.h'),
  llamaHeader,
  path.join(llamaDir, 'llama.cpp/ggml/include/ggml.h'),
  path.join(llamaDir, 'llama.cpp/ggml/include/ggml-backend.h'),
  path.join(napiInclude, 'napi.h'),
];
const hash = createHash('sha256');
hash.update(`${process.platform}-${process.arch}-${nlcManifest.version}`);
for (const file of inputs.sort()) hash.update(file).update(readFileSync(file));
const stamp = { nodeLlamaCpp: nlcManifest.version, inputs: hash.digest('hex') };

if (!force && existsSync(binary) && existsSync(stampPath)) {
  const previous = JSON.parse(readFileSync(stampPath, 'utf8'));
  if (previous.inputs === stamp.inputs) {
    log('up to date');
    process.exit(0);
  }
}

// node-gyp: our own install first, else the one npm ships (npm sets npm_config_node_gyp for scripts).
function findNodeGyp() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    /* fall through */
  }
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) {
    return process.env.npm_config_node_gyp;
  }
  if (process.env.npm_execpath) {
    const bundled = path.resolve(path.dirname(process.env.npm_execpath), '../node_modules/node-gyp/bin/node-gyp.js');
    if (existsSync(bundled)) return bundled;
  }
  fail('node-gyp not found (install it, or run this script through npm)');
}

// Headers of the running Node when its install has them (offline), else npm's nodedir setting;
// node-gyp would otherwise try to download them. N-API makes any recent Node's headers fine.
function findNodeDir() {
  const own = path.resolve(path.dirname(process.execPath), '..');
  if (existsSync(path.join(own, 'include/node/common.gypi'))) return own;
  return process.env.npm_config_nodedir || undefined;
}

const nodeGyp = findNodeGyp();
const nodeDir = findNodeDir();
const args = [
  nodeGyp,
  'rebuild',
  `--directory=${addonDir}`,
  '--jobs=max',
  ...(nodeDir ? [`--nodedir=${nodeDir}`] : []),
  '--',
  `-Dnlc_llama_dir=${llamaDir}`,
  `-Dnapi_include_dir=${napiInclude}`,
  `-Dnlc_version=${nlcManifest.version}`,
];
log(`building with node-gyp (node-llama-cpp ${nlcManifest.version})`);
const started = Date.now();
const build = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0 || !existsSync(binary)) {
  fail('node-gyp failed; a C++17 compiler, make and Python 3 are needed (set STEERLING_SKIP_NATIVE=1 to skip)');
}
writeFileSync(stampPath, `${JSON.stringify(stamp, null, 2)}\n`);
log(`built ${path.relative(root, binary)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
