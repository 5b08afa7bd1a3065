/**
 * Electron Forge: `npm start` runs the app from Vite builds; `npm run package` / `make` build it.
 *
 * Vite bundles main, preload, the engine worker and the renderer into .vite/. The one thing not
 * bundled is node-llama-cpp (native binaries, ESM-only): it and its dependencies are copied into
 * the package as node_modules, with only the @node-llama-cpp binary packages for the target
 * platform, and every native file kept outside the asar so it can be loaded.
 *
 * Environment:
 * - STEERLING_ELECTRON_ZIP_DIR: folder holding electron-v<version>-<platform>-<arch>.zip, so
 *   packaging needs no download (CI, offline machines).
 * - STEERLING_LLAMA_GPU: comma list of GPU builds of llama.cpp to ship ("cuda,vulkan" by default,
 *   "none" for the CPU/Metal build only).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ForgeConfig } from '@electron-forge/shared-types';
import VitePlugin from '@electron-forge/plugin-vite';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { makers } from './packaging/makers';
import { macDocumentTypes } from './src-main/core/articles/document-types';

const projectDir = import.meta.dirname;

/** Folders outside the asar as a whole (relative to the app root). */
const UNPACKED_DIRS = [
  'node_modules/@node-llama-cpp',
  'node_modules/node-llama-cpp/bins',
  'node_modules/node-llama-cpp/llama/localBuilds',
];
/** Modules loaded at run time from node_modules rather than from the bundles. */
const RUNTIME_MODULE_ROOTS = ['node-llama-cpp'];
/** Packaged besides the bundles: prompt templates, pair libraries and samples read from disk. */
const APP_FOLDERS = ['/.vite', '/assets'];
const LLAMA_BINARY_SCOPE = '@node-llama-cpp/';
/**
 * Inside kept folders, files a running app never reads: llama.cpp's sources and git bundle
 * (node-llama-cpp only needs them to compile, which a packaged app never does), TypeScript
 * sources and declarations, source maps and docs.
 */
const NEVER_SHIPPED = [
  /^\/node_modules\/node-llama-cpp\/llama\/(llama\.cpp|gitRelease\.bundle)(\/|$)/,
  /^\/node_modules\/.*\.(ts|mts|cts|map|md|markdown)$/i,
  /^\/node_modules\/.*\/(yarn\.lock|package-lock\.json|\.github)(\/|$)/,
  /^\/\.vite\/.*\.map$/,
];

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** Node's lookup: the nearest node_modules/<name> from `fromDir` up to the project. */
function resolveModuleDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; dir.startsWith(projectDir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === projectDir) break;
  }
  return undefined;
}

/**
 * Every installed module the runtime roots need, as "/node_modules/..." paths relative to the
 * project. Optional dependencies count only when installed; `keep` filters binary packages.
 */
function runtimeModulePaths(keep: (name: string) => boolean): Set<string> {
  const found = new Set<string>();
  const queue = RUNTIME_MODULE_ROOTS.map((name) => ({ name, from: projectDir }));
  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    if (!keep(name)) continue;
    const dir = resolveModuleDir(name, from);
    if (!dir) continue;
    const relative = `/${path.relative(projectDir, dir).split(path.sep).join('/')}`;
    if (found.has(relative)) continue;
    found.add(relative);
    const pkg = readPackageJson(dir);
    for (const dep of Object.keys({ ...pkg?.dependencies, ...pkg?.optionalDependencies })) {
      queue.push({ name: dep, from: dir });
    }
  }
  return found;
}

const NODE_PLATFORM_NAMES: Record<string, string> = { darwin: 'mac', win32: 'win', linux: 'linux' };

function gpuBuildsToShip(): string[] {
  const raw = process.env.STEERLING_LLAMA_GPU ?? 'cuda,vulkan';
  return raw === 'none' ? [] : raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Whether an @node-llama-cpp binary package suits a target: "linux-x64", "linux-x64-vulkan",
 * "mac-arm64-metal"… The base build and Metal always go; CUDA and Vulkan as chosen.
 */
export function isLlamaBinaryFor(packageName: string, platform: string, arch: string): boolean {
  if (!packageName.startsWith(LLAMA_BINARY_SCOPE)) return true;
  const prefix = `${NODE_PLATFORM_NAMES[platform] ?? platform}-${arch}`;
  const build = packageName.slice(LLAMA_BINARY_SCOPE.length);
  if (build === prefix) return true;
  if (!build.startsWith(`${prefix}-`)) return false;
  const variant = build.slice(prefix.length + 1);
  if (variant === 'metal') return true;
  return gpuBuildsToShip().some((gpu) => variant === gpu || variant.startsWith(`${gpu}-`));
}

/** The target named on the command line (forge package --platform/--arch), else this machine. */
function cliTarget(): { platform: string; arch: string } {
  const argv = process.argv;
  const value = (...flags: string[]) => {
    const i = argv.findIndex((a) => flags.some((flag) => a === flag || a.startsWith(`${flag}=`)));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  };
  return { platform: value('--platform', '-p') ?? process.platform, arch: value('--arch', '-a') ?? process.arch };
}

/** packagerConfig.ignore: true for every project path that must stay out of the app. */
function packageIgnore(): (file: string) => boolean {
  const { platform, arch } = cliTarget();
  const modules = [...runtimeModulePaths((name) => isLlamaBinaryFor(name, platform, arch))];
  const kept = [...APP_FOLDERS, ...modules];
  return (file) => {
    if (!file || file === '/package.json') return false;
    if (NEVER_SHIPPED.some((pattern) => pattern.test(file))) return true;
    if (kept.some((dir) => file === dir || file.startsWith(`${dir}/`))) return false;
    // Parents of kept folders ("/node_modules", "/node_modules/@node-llama-cpp") are walked into.
    if (kept.some((dir) => dir.startsWith(`${file}/`))) return false;
    return true;
  };
}

/**
 * After copying, for the real target of this package: drop llama.cpp builds for other targets
 * (the ignore filter only knew the command line) and refuse a package that would not run.
 */
function pruneForeignLlamaBinaries(buildPath: string, platform: string, arch: string): void {
  const scopeDir = path.join(buildPath, 'node_modules', '@node-llama-cpp');
  const builds = fs.existsSync(scopeDir) ? fs.readdirSync(scopeDir) : [];
  for (const build of builds) {
    if (!isLlamaBinaryFor(`${LLAMA_BINARY_SCOPE}${build}`, platform, arch)) {
      fs.rmSync(path.join(scopeDir, build), { recursive: true, force: true });
    }
  }
  if (!fs.existsSync(path.join(buildPath, 'node_modules', 'node-llama-cpp', 'package.json'))) {
    throw new Error('node-llama-cpp is missing from the package: run npm install first.');
  }
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Steerling',
    executableName: 'steerling',
    appBundleId: 'app.steerling.desktop',
    // The platform's own format is picked by extension: .icns on macOS, .ico on Windows.
    icon: path.join(projectDir, 'assets', 'icons', 'steerling'),
    // Finder's "Open With" for article files (Linux: the desktop entry, packaging/makers.ts).
    extendInfo: { CFBundleDocumentTypes: macDocumentTypes() },
    // Native code must be on disk to be loaded: every native file by name (matched on the base
    // name, so dot-folders like .vite/ are no obstacle), and llama.cpp's binary packages whole.
    asar: {
      unpack: '{*.node,*.so,*.so.*,*.dylib,*.dll,*.metal,*.exp,*.lib}',
      unpackDir: `{${UNPACKED_DIRS.flatMap((dir) => [dir, `${dir}/**`]).join(',')}}`,
    },
    // Pruning by dependency type would keep every production dependency (all bundled already)
    // and every platform's llama.cpp build; the ignore filter below keeps exactly what runs.
    prune: false,
    ignore: packageIgnore(),
    electronZipDir: process.env.STEERLING_ELECTRON_ZIP_DIR || undefined,
  },
  rebuildConfig: {},
  makers: makers(projectDir),
  hooks: {
    packageAfterCopy: async (_config, buildPath, _electronVersion, platform, arch) => {
      pruneForeignLlamaBinaries(buildPath, platform, arch);
    },
  },
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'src-main/electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'src-main/electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
        { entry: 'src-main/core/worker/engine-worker.ts', config: 'vite.worker.config.ts', target: 'main' },
        { entry: 'src-main/core/articles/worker/import-worker.ts', config: 'vite.worker.config.ts', target: 'main' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    // Flipped in the packaged executable: nobody can run it as plain Node (ELECTRON_RUN_AS_NODE,
    // NODE_OPTIONS, --inspect) to act as Steerling, e.g. to decrypt the saved access token, and it
    // loads only the app.asar it was packaged with.
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    }),
  ],
};

export default config;
