/**
 * Packages the app with the real Forge + Vite + @electron/packager pipeline, offline: a stand-in
 * Electron zip (named and laid out as @electron/get would deliver it) is handed to packager via
 * STEERLING_ELECTRON_ZIP_DIR. Then it checks what a user's machine would get: the bundles inside
 * app.asar, node-llama-cpp's native files outside it, and nothing that should stay home.
 *
 * The project is copied to a temporary folder first (node_modules linked), because packaging
 * deletes and rebuilds .vite/, which other test suites read.
 *
 * Then the packaged bundles run: the asar is extracted and its main.js runs under Node against
 * an Electron stand-in (packaged-main/), importing real files of every format, loading a
 * generated model in the packaged engine worker and saving a summary. That catches what
 * bundling breaks (externals, CommonJS interop, node: built-ins) without an Electron binary.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractAll, extractFile, getRawHeader, listPackage } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyModel } from '../fixtures/gguf/tiny-model';

const run = promisify(execFile);
const projectDir = path.resolve(import.meta.dirname, '../..');
const electronVersion: string = JSON.parse(
  fs.readFileSync(path.join(projectDir, 'node_modules/electron/package.json'), 'utf8'),
).version;
const platform = process.platform;
const arch = process.arch;
const llamaBuild = `${{ darwin: 'mac', win32: 'win' }[platform as string] ?? platform}-${arch}`;

/** What packaging needs from the project; everything else (tests, caches, out/) stays behind. */
const PROJECT_ENTRIES = [
  'package.json',
  'forge.config.ts',
  'vite.main.config.ts',
  'vite.preload.config.ts',
  'vite.worker.config.ts',
  'vite.renderer.config.ts',
  'svelte.config.js',
  'tsconfig.json',
  'tsconfig.renderer.json',
  'src-main',
  'src-renderer',
  'assets',
  'packaging',
];

/** @electron/fuses' marker (src/constants.ts): the fuse wire follows it in every Electron binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's wire as released, one byte per fuse in FuseV1Options order ('1' on, '0' off). */
const RELEASED_FUSES = '101000011';

/**
 * Where a real binary keeps its fuses: the sentinel, the wire format version (1), the wire's
 * length, then one state byte per fuse, amid other bytes.
 */
function fuseWire(): string {
  return `\n# ${FUSE_SENTINEL}${String.fromCharCode(1, RELEASED_FUSES.length)}${RELEASED_FUSES}\n`;
}

/**
 * An Electron release zip as packager unpacks it on Linux: the `electron` executable (renamed to
 * the app's executable), resources/ with default_app.asar (removed by packager), LICENSE files
 * and `version`. The executable is a shell script carrying a fuse wire for the FusesPlugin to
 * flip: nothing here runs it.
 */
async function writeStandInElectronZip(dir: string): Promise<string> {
  const zip = new JSZip();
  const executable = platform === 'win32' ? 'electron.exe' : 'electron';
  zip.file(executable, `#!/bin/sh\necho "stand-in Electron for packaging tests"\nexit 0${fuseWire()}`, { unixPermissions: 0o100755 });
  zip.file('resources/default_app.asar', 'placeholder');
  zip.file('LICENSE', 'MIT');
  zip.file('LICENSES.chromium.html', '<html></html>');
  zip.file('version', electronVersion);
  const file = path.join(dir, `electron-v${electronVersion}-${platform}-${arch}.zip`);
  const bytes = await zip.generateAsync({ type: 'uint8array', platform: 'UNIX', compression: 'STORE' });
  fs.writeFileSync(file, bytes);
  return file;
}

function copyProject(into: string): void {
  for (const entry of PROJECT_ENTRIES) {
    const from = path.join(projectDir, entry);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(into, entry), {
      recursive: true,
      // The native addon's object files are build leftovers; its .node is what ships.
      filter: (source) => !source.includes(`${path.sep}obj.target`),
    });
  }
  fs.symlinkSync(path.join(projectDir, 'node_modules'), path.join(into, 'node_modules'), 'dir');
}

const ARTICLE_TEXT = 'The harbour bridge reopened on Monday after six months of repairs. Traffic was light.';

/** One small, valid article per format whose reader is a bundled third-party library. */
async function writeArticles(dir: string): Promise<string[]> {
  const docx = new JSZip();
  docx.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  docx.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  docx.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body><w:p><w:r><w:t>${ARTICLE_TEXT}</w:t></w:r></w:p></w:body></w:document>`,
  );
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([600, 200]).drawText(ARTICLE_TEXT, { x: 20, y: 150, size: 10, font });
  const eml = `From: desk@example.com\r\nTo: writer@example.com\r\nSubject: Bridge reopens\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${ARTICLE_TEXT}\r\n`;
  const files: [string, Uint8Array | string][] = [
    ['bridge.docx', await docx.generateAsync({ type: 'uint8array' })],
    ['bridge.pdf', await pdf.save()],
    ['bridge.eml', eml],
    ['bridge.html', `<!doctype html><html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1><p>${ARTICLE_TEXT}</p></article></body></html>`],
    ['bridge.txt', ARTICLE_TEXT],
  ];
  return files.map(([name, content]) => {
    fs.writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  });
}

describe('packaging with electron-forge', () => {
  let workDir: string;
  let appDir: string;
  let resourcesDir: string;
  let asarPath: string;
  let asarFiles: string[];

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-package-'));
    const zipDir = path.join(workDir, 'electron-zips');
    const project = path.join(workDir, 'project');
    fs.mkdirSync(zipDir);
    fs.mkdirSync(project);
    await writeStandInElectronZip(zipDir);
    copyProject(project);

    const forgeCli = path.join(projectDir, 'node_modules/@electron-forge/cli/dist/electron-forge.js');
    // On Linux the same run also makes the .deb and .rpm from the packaged app.
    const command = platform === 'linux' ? ['make', '--targets', 'deb,rpm'] : ['package'];
    await run(process.execPath, [forgeCli, ...command, '--platform', platform, '--arch', arch], {
      cwd: project,
      env: {
        ...process.env,
        STEERLING_ELECTRON_ZIP_DIR: zipDir,
        // The CPU build of llama.cpp is enough to check the layout, and keeps the copy small.
        STEERLING_LLAMA_GPU: 'none',
        CI: '1',
      },
      maxBuffer: 32 * 1024 * 1024,
      timeout: 280_000,
    });

    appDir = path.join(project, 'out', `Steerling-${platform}-${arch}`);
    resourcesDir = path.join(appDir, 'resources');
    asarPath = path.join(resourcesDir, 'app.asar');
    asarFiles = listPackage(asarPath, { isPack: false }).map((file) => file.split(path.sep).join('/'));
  }, 300_000);

  afterAll(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('produces an app folder with the renamed executable and app.asar', () => {
    expect(fs.existsSync(path.join(appDir, platform === 'win32' ? 'steerling.exe' : 'steerling'))).toBe(true);
    expect(fs.existsSync(path.join(appDir, 'electron'))).toBe(false);
    expect(fs.statSync(asarPath).isFile()).toBe(true);
    expect(fs.existsSync(path.join(resourcesDir, 'default_app.asar'))).toBe(false);
  });

  it('puts the built main, preload, worker and renderer inside the asar', () => {
    for (const file of [
      '/package.json',
      '/.vite/build/main.js',
      '/.vite/build/preload.cjs',
      '/.vite/build/engine-worker.js',
      '/.vite/renderer/main_window/index.html',
    ]) {
      expect(asarFiles, file).toContain(file);
    }
    const manifest = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8'));
    expect(manifest.main).toBe('.vite/build/main.js');
    expect(manifest.config?.forge).toBeUndefined();

    const main = extractFile(asarPath, '.vite/build/main.js').toString('utf8');
    const preload = extractFile(asarPath, '.vite/build/preload.cjs').toString('utf8');
    expect(main).toMatch(/from\s*["']electron["']/);
    expect(preload).toContain('exposeInMainWorld');
    // The sandboxed preload can load nothing but electron: no other require may survive bundling.
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    const worker = extractFile(asarPath, '.vite/build/engine-worker.js').toString('utf8');
    expect(worker).toMatch(/["']node-llama-cpp["']/);
  });

  it('keeps node-llama-cpp and its native binaries, unpacked from the asar', () => {
    const binDir = path.join(resourcesDir, 'app.asar.unpacked', 'node_modules', '@node-llama-cpp', llamaBuild, 'bins', llamaBuild);
    const natives = fs.readdirSync(binDir);
    expect(natives).toContain('llama-addon.node');
    expect(natives.some((name) => /^libllama.*\.(so|dylib|dll)/.test(name) || /^llama.*\.dll$/.test(name))).toBe(true);
    expect(natives.some((name) => /^libggml-base\./.test(name) || name === 'ggml-base.dll')).toBe(true);

    // Unpacked means the asar header marks them so; a packed copy would not load.
    const header = getRawHeader(asarPath).header as unknown as AsarDirectory;
    const addonEntry = lookup(header, `node_modules/@node-llama-cpp/${llamaBuild}/bins/${llamaBuild}/llama-addon.node`);
    expect(addonEntry?.unpacked).toBe(true);
    expect(asarFiles).toContain('/node_modules/node-llama-cpp/package.json');
    expect(asarFiles.some((f) => f.startsWith('/node_modules/node-llama-cpp/dist/'))).toBe(true);
  });

  it('flips the fuses in the packaged executable: no Node modes, only its own integrity-checked asar', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, platform === 'win32' ? 'steerling.exe' : 'steerling'));
    const expected: [FuseV1Options, FuseState][] = [
      [FuseV1Options.RunAsNode, FuseState.DISABLE],
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable, FuseState.DISABLE],
      [FuseV1Options.EnableNodeCliInspectArguments, FuseState.DISABLE],
      [FuseV1Options.OnlyLoadAppFromAsar, FuseState.ENABLE],
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, FuseState.ENABLE],
      [FuseV1Options.EnableCookieEncryption, FuseState.ENABLE],
    ];
    for (const [fuse, state] of expected) expect(`${FuseV1Options[fuse]}: ${wire[fuse]}`).toBe(`${FuseV1Options[fuse]}: ${state}`);
    // Fuses not configured keep Electron's released state.
    expect(String.fromCharCode(wire[FuseV1Options.GrantFileProtocolExtraPrivileges] as number)).toBe(RELEASED_FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]);
  });

  it('ships the steering add-on beside the worker, unpacked, when it was built', (context) => {
    const built = path.join(projectDir, 'src-main/core/steering/native/build/Release/steerling_steering.node');
    if (!fs.existsSync(built)) context.skip('the steering add-on is not built here (it needs a C++ compiler: npm run build:native)');
    const unpacked = path.join(resourcesDir, 'app.asar.unpacked', '.vite', 'build', 'native', 'steerling_steering.node');
    expect(fs.readFileSync(unpacked).equals(fs.readFileSync(built))).toBe(true);
  });

  it('runs: the packaged main serves the contract, imports every format opened from the system, summarises in the packaged worker and survives its crash', async () => {
    const extracted = path.join(workDir, 'extracted');
    extractAll(asarPath, extracted);
    const articlesDir = fs.mkdtempSync(path.join(workDir, 'articles-'));
    const articles = await writeArticles(articlesDir);
    const modelPath = await createTinyModel();
    const driver = path.join(import.meta.dirname, 'packaged-main');
    const { stdout } = await run(
      process.execPath,
      ['--import', path.join(driver, 'register.mjs'), path.join(driver, 'drive-main.mjs'), extracted, modelPath, ...articles],
      {
        env: { ...process.env, STEERLING_DATA_DIR: path.join(workDir, 'user-data'), STEERLING_THREADS: '1', STEERLING_GPU: 'off' },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 90_000,
      },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
    const report = JSON.parse(line!.slice('REPORT '.length));

    expect(report.privilegedSchemes.map((s: { scheme: string }) => s.scheme)).toEqual(['steerling']);
    expect(report.loadedUrls).toEqual(['steerling://app/index.html']);
    expect(report.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(report.preloadExists).toBe(true);
    expect(report.appInfo).toMatchObject({ ok: true, value: { shell: 'electron', dataDir: path.join(workDir, 'user-data') } });
    expect(report.unknownChannel.error.code).toBe('ipc.unknown-channel');
    expect(report.foreignFrame.error.code).toBe('ipc.forbidden');
    // Open with Steerling: launch arguments and open-file before ready wait for the window; a
    // second launch and a later open-file reach it as events; each is a one-time read grant.
    expect(report.openFileHandledBeforeReady).toBe(true);
    expect(report.openedAtStart).toEqual(['bridge.docx', 'bridge.pdf', 'bridge.eml', 'bridge.html']);
    expect(report.openedLater).toEqual([['bridge.txt'], ['bridge.docx']]);
    expect(report.openedAgainAtStart).toEqual([]);
    expect(report.rawPath.error.code).toBe('path.not-granted');
    expect(report.articles).toEqual(
      ['docx', 'pdf', 'eml', 'html', 'txt'].map((format) => expect.objectContaining({ ok: true, format, text: expect.stringContaining('Traffic was light.') })),
    );
    expect(report.page.status).toBe(200);
    expect(report.page.csp).toContain("default-src 'self'");
    expect(report.page.csp).not.toContain('unsafe-eval');
    expect(report.page.body).toContain('<title>Steerling</title>');
    expect(report.escapeStatus).toBe(404);
    expect(report.remoteRequestCancelled).toBe(true);
    expect(report.cameraAllowed).toBe(false);
    expect(report.modelLoad).toMatchObject({ ok: true, value: { path: modelPath, architecture: 'llama' } });
    expect(report.summaryEvents.at(-1)).toBe('summary.done');
    expect(report.summaryEvents.filter((e: string) => e === 'summary.text').length).toBeGreaterThan(0);
    expect(report.summaryEnd.payload.record).toMatchObject({ article: { title: 'Festival' }, cancelled: false });
    expect(report.engineStates).toEqual(expect.arrayContaining(['loading', 'ready']));
    const addonBuilt = fs.existsSync(path.join(projectDir, 'src-main/core/steering/native/build/Release/steerling_steering.node'));
    if (addonBuilt) {
      expect(report.steered.end).toMatchObject({ event: 'summary.done', payload: { record: { mode: 'steered', style: 'shakespearean' } } });
    } else {
      expect(report.steered.end.payload.message).toMatch(/add-on/);
    }
    expect(report.history.value.total).toBe(addonBuilt ? 2 : 1);
    expect(report.afterCrash[0]).toMatchObject({ state: 'crashed', restarting: true });
    expect(report.afterCrash.at(-1)).toMatchObject({ state: 'ready', model: { path: modelPath } });
    expect(report.workersStarted).toBe(2);
    expect(report.modelAfterCrash.value).toMatchObject({ path: modelPath });
    expect(report.handlerAfterQuit).toBe(false);
  }, 120_000);

  describe.runIf(platform === 'linux')('Linux installers', () => {
    const ICON_SIZES = ['16x16', '24x24', '32x32', '48x48', '64x64', '128x128', '256x256', '512x512', '1024x1024'];
    /** One MIME type per article format the importer reads (.txt .md .html .pdf .docx .eml). */
    const ARTICLE_MIME_TYPES = [
      'text/plain',
      'text/markdown',
      'text/html',
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'message/rfc822',
    ];
    const UNPACKED = '/usr/lib/steerling/resources/app.asar.unpacked';
    const installer = (kind: 'deb' | 'rpm') => {
      const dir = path.join(appDir, '..', 'make', kind, arch);
      const [file] = fs.readdirSync(dir).filter((name) => name.endsWith(`.${kind}`));
      return path.join(dir, file);
    };
    const deb = async () => {
      const { stdout } = await run('dpkg-deb', ['-c', installer('deb')], { maxBuffer: 16 * 1024 * 1024 });
      // "-rw-r--r-- root/root 123 2026-01-01 00:00 ./usr/bin/x -> target": keep the path.
      return stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[5].replace(/^\./, '').replace(/\/$/, ''));
    };
    const rpm = async () => (await run('rpm', ['-qlp', installer('rpm')], { maxBuffer: 16 * 1024 * 1024 })).stdout.split('\n').filter(Boolean);
    const desktopEntry = async (kind: 'deb' | 'rpm') => {
      const entry = './usr/share/applications/steerling.desktop';
      const command = kind === 'deb'
        ? `dpkg-deb --fsys-tarfile '${installer('deb')}' | tar -xO '${entry}'`
        : `rpm2cpio '${installer('rpm')}' | cpio -i --quiet --to-stdout '${entry}'`;
      const { stdout } = await run('sh', ['-c', command]);
      return Object.fromEntries(stdout.split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    };

    it.each(['deb', 'rpm'] as const)('the %s opens every article type from the file manager with the app icon', async (kind) => {
      const entry = await desktopEntry(kind);
      expect(entry.Exec).toBe('steerling %F');
      expect(entry.Icon).toBe('steerling');
      expect(entry.Name).toBe('Steerling');
      expect(entry.MimeType.split(';').filter(Boolean)).toEqual(expect.arrayContaining(ARTICLE_MIME_TYPES));
    });

    it.each(['deb', 'rpm'] as const)('the %s installs the launcher, every icon size, the native files outside the asar and no tests', async (kind) => {
      const files = kind === 'deb' ? await deb() : await rpm();
      expect(files).toContain('/usr/bin/steerling');
      expect(files).toContain('/usr/lib/steerling/steerling');
      expect(files).toContain('/usr/lib/steerling/resources/app.asar');
      for (const size of ICON_SIZES) expect(files, size).toContain(`/usr/share/icons/hicolor/${size}/apps/steerling.png`);
      expect(files).toContain('/usr/share/icons/hicolor/scalable/apps/steerling.svg');
      const llamaBins = `${UNPACKED}/node_modules/@node-llama-cpp/${llamaBuild}/bins/${llamaBuild}`;
      expect(files).toContain(`${llamaBins}/llama-addon.node`);
      expect(files.some((f) => f.startsWith(`${llamaBins}/libllama`))).toBe(true);
      if (fs.existsSync(path.join(projectDir, 'src-main/core/steering/native/build/Release/steerling_steering.node'))) {
        expect(files).toContain(`${UNPACKED}/.vite/build/native/steerling_steering.node`);
      }
      expect(files.filter((f) => /\/(tests|src-main|src-renderer)\//.test(f))).toEqual([]);
    });

    it('the deb names its package, architecture and launcher link', async () => {
      const { stdout } = await run('dpkg-deb', ['-f', installer('deb'), 'Package', 'Architecture']);
      expect(stdout).toContain('Package: steerling');
      expect(stdout).toContain(`Architecture: ${arch === 'x64' ? 'amd64' : arch}`);
      const { stdout: listing } = await run('dpkg-deb', ['-c', installer('deb')], { maxBuffer: 16 * 1024 * 1024 });
      expect(listing).toMatch(/\.\/usr\/bin\/steerling -> \.\.\/lib\/steerling\/steerling/);
    });
  });

  it('leaves out sources, tests, other platforms and bundled-in dependencies', () => {
    expect(asarFiles.some((f) => f.startsWith('/src-main/') || f.startsWith('/src-renderer/'))).toBe(false);
    expect(asarFiles.some((f) => f.startsWith('/tests/'))).toBe(false);
    expect(asarFiles.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
    const llamaBuilds = new Set(
      asarFiles.filter((f) => f.startsWith('/node_modules/@node-llama-cpp/')).map((f) => f.split('/')[3]),
    );
    expect([...llamaBuilds]).toEqual([llamaBuild]);
    // Bundled by Vite into main.js, so not shipped again as node_modules.
    for (const bundled of ['zod', 'electron-store', 'mammoth', 'electron', 'vite', 'svelte']) {
      expect(asarFiles, bundled).not.toContain(`/node_modules/${bundled}/package.json`);
    }
  });
});

interface AsarDirectory {
  files: Record<string, AsarDirectory & { unpacked?: boolean }>;
}

function lookup(root: AsarDirectory, file: string): { unpacked?: boolean } | undefined {
  let node: (AsarDirectory & { unpacked?: boolean }) | undefined = root;
  for (const part of file.split('/')) {
    node = node?.files?.[part];
  }
  return node;
}
