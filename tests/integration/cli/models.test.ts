/**
 * `steerling models …` as a person runs it: a real process against a local stand-in for the hub
 * (HF_ENDPOINT / --hub) and a test catalog (STEERLING_CATALOG) describing a generated GGUF.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { tinyCatalogEntry } from '../../fixtures/models/catalog-entry';
import { startHubServer, type HubServer } from '../../fixtures/models/hub-server';
import { tinyGgufBytes, writeSampleFiles, type SampleFiles } from '../../fixtures/models/sample-files';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repoRoot, 'bin', 'steerling.js');
const article = path.join(repoRoot, 'assets', 'samples', 'river-festival.txt');
const TMP = path.join(repoRoot, 'tests', '.tmp');

const model = tinyGgufBytes('CLI Download Model');
const entry = tinyCatalogEntry(model);

let hub: HubServer;
let root: string;
let dataDir: string;
let catalogPath: string;
let samples: SampleFiles;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the CLI (asynchronously: the hub in this process must keep answering). */
function steerling(args: string[], options: { env?: Record<string, string>; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      STEERLING_DATA_DIR: dataDir,
      STEERLING_CATALOG: catalogPath,
      HF_ENDPOINT: hub.url,
      HF_TOKEN: '',
      STEERLING_THREADS: '1',
      STEERLING_GPU: 'false',
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onStderr?.(stderr, child);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const modelsDir = () => path.join(dataDir, 'models');
const noStack = (run: Run) => expect(run.stderr).not.toMatch(/\n\s+at /);

beforeAll(() => {
  mkdirSync(TMP, { recursive: true });
});

beforeEach(async () => {
  hub = await startHubServer();
  hub.addFile(entry.repo, entry.revision, entry.file, model);
  root = mkdtempSync(path.join(TMP, 'cli-models-'));
  dataDir = path.join(root, 'data');
  catalogPath = path.join(root, 'catalog.json');
  writeFileSync(catalogPath, JSON.stringify({ schemaVersion: 1, defaultHubEndpoint: 'https://huggingface.co', models: [entry] }));
  mkdirSync(path.join(root, 'files'));
  samples = writeSampleFiles(path.join(root, 'files'));
});

afterEach(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

describe('steerling models', () => {
  it('lists the catalog with its fit and recommendation, and shows the hardware with the CPU warning', async () => {
    const list = await steerling(['models', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('none yet');
    expect(list.stdout).toMatch(/\* tiny\.Q4_K_M\s+1\.4 MB\s+Tiny test model · runs on the processor/);
    expect(list.stdout).toContain('* Recommended: tiny.Q4_K_M.');

    const listed = JSON.parse((await steerling(['models', 'list', '--json'])).stdout) as { catalog: { recommendedId: string; hubEndpoint: string } };
    expect(listed.catalog).toMatchObject({ recommendedId: 'tiny.Q4_K_M', hubEndpoint: hub.url });

    const gpu = await steerling(['models', 'gpu']);
    expect(gpu.code).toBe(0);
    expect(gpu.stdout).toContain('Graphics: none that Steerling can use');
    expect(gpu.stdout).toMatch(/Warning: No supported graphics card is in use, so the model runs on the processor \(\d+ cores?\)/);
    expect(gpu.stdout).toContain('Recommended download: tiny.Q4_K_M.');
  });

  it('pauses on Ctrl-C keeping the partial file, and the same command resumes it to identical bytes', async () => {
    hub.faults.bytesPerSecond = 150_000;
    let interrupted = false;
    const first = await steerling(['models', 'download', 'tiny.Q4_K_M'], {
      onStderr: (text, child) => {
        // Interrupt once some bytes (not all) are on disk.
        if (!interrupted && /^([1-9]|[1-8]\d)% · /m.test(text)) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(interrupted).toBe(true);
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(/Paused at .* of 1\.4 MB; the part downloaded so far is kept\./);
    expect(first.stderr).toContain('Run "steerling models download tiny.Q4_K_M" again to continue.');
    noStack(first);
    const partPath = path.join(modelsDir(), `${entry.file}.part`);
    const kept = statSync(partPath).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(model.length);
    expect(readFileSync(partPath).equals(model.subarray(0, kept))).toBe(true);
    expect(existsSync(path.join(modelsDir(), entry.file))).toBe(false);

    const list = await steerling(['models', 'list']);
    expect(list.stdout).toMatch(/Unfinished downloads:\n\s+tiny\.Q4_K_M\s+.* of 1\.4 MB \(\d+%\) · paused — run "steerling models download tiny\.Q4_K_M" to continue/);

    // --hub wins over HF_ENDPOINT (pointed at a port nothing listens on).
    hub.faults.bytesPerSecond = null;
    const second = await steerling(['models', 'download', 'Q4_K_M', '--hub', hub.url], { env: { HF_ENDPOINT: 'http://127.0.0.1:9' } });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Installed Tiny test model as "tiny.Q4_K_M"');
    expect(second.stderr).toContain('Continuing from');
    expect(hub.requests.filter((r) => r.server === 'cdn').at(-1)!.range).toBe(`bytes=${kept}-`);
    expect(readFileSync(path.join(modelsDir(), entry.file)).equals(model)).toBe(true);
    expect(existsSync(partPath)).toBe(false);

    const again = await steerling(['models', 'download', 'tiny.Q4_K_M']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already installed');
  });

  it('sends HF_TOKEN to a hub that needs one, and says so clearly when it is missing', async () => {
    hub.faults.requireToken = 'hf_secret';
    const refused = await steerling(['models', 'download', 'tiny.Q4_K_M']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused access \(error 401\)/);
    noStack(refused);

    const allowed = await steerling(['models', 'download', 'tiny.Q4_K_M'], { env: { HF_TOKEN: 'hf_secret' } });
    expect(allowed.code).toBe(0);
    expect(readFileSync(path.join(modelsDir(), entry.file)).equals(model)).toBe(true);
    expect(allowed.stdout + allowed.stderr).not.toContain('hf_secret');
  });

  it('refuses a file neither the catalog nor the server can verify, until --accept-unverified', async () => {
    writeFileSync(catalogPath, JSON.stringify({ schemaVersion: 1, defaultHubEndpoint: 'https://huggingface.co', models: [{ ...entry, sha256: null }] }));
    hub.faults.noHashHeaders = true;
    const refused = await steerling(['models', 'download', 'tiny.Q4_K_M']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no checksum .*--accept-unverified/s);
    noStack(refused);
    expect(existsSync(path.join(modelsDir(), entry.file))).toBe(false);

    const accepted = await steerling(['models', 'download', 'tiny.Q4_K_M', '--accept-unverified']);
    expect(accepted.code).toBe(0);
    expect(readFileSync(path.join(modelsDir(), entry.file)).equals(model)).toBe(true);
  });

  it('imports by copy and by link, summarises with an installed id, lists and removes', async () => {
    const runnable = path.join(root, 'files', 'runnable.gguf');
    copyFileSync(await createTinyModel(), runnable);
    const copied = await steerling(['models', 'import', runnable]);
    expect(copied.code).toBe(0);
    expect(copied.stdout).toContain('as "runnable" (copied)');
    expect(readFileSync(path.join(modelsDir(), 'runnable.gguf')).equals(readFileSync(runnable))).toBe(true);

    const linked = await steerling(['models', 'import', samples.good, '--link']);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain(`as "tiny-good" (linked to ${samples.good})`);
    expect(lstatSync(path.join(modelsDir(), 'tiny-good.gguf')).isSymbolicLink()).toBe(true);

    const summary = await steerling(['summarize', article, '--model', 'runnable', '--max-tokens', '8', '--seed', '3']);
    expect(summary.code).toBe(0);
    expect(summary.stdout.trim().length).toBeGreaterThan(0);

    const list = await steerling(['models', 'list']);
    expect(list.stdout).toMatch(/runnable\s+\S+ \S+\s+.*imported \(copied\)/);
    expect(list.stdout).toMatch(/tiny-good\s+\S+ \S+\s+Steerling Tiny Test Model · F32 · imported \(linked to /);

    expect((await steerling(['models', 'rm', 'tiny-good'])).stdout).toBe('Deleted tiny-good.\n');
    expect(existsSync(samples.good)).toBe(true); // only the link goes
    expect((await steerling(['models', 'rm', 'runnable.gguf'])).code).toBe(0);
    expect((await steerling(['models', 'list'])).stdout).toContain('none yet');
  });

  it('removes an unfinished download with rm', async () => {
    hub.faults.bytesPerSecond = 150_000;
    let interrupted = false;
    await steerling(['models', 'download', 'tiny.Q4_K_M'], {
      onStderr: (text, child) => {
        if (!interrupted && /^[1-9]\d?% · /m.test(text)) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(existsSync(path.join(modelsDir(), `${entry.file}.part`))).toBe(true);
    const removed = await steerling(['models', 'rm', 'tiny.Q4_K_M']);
    expect(removed).toMatchObject({ code: 0, stdout: 'Deleted the unfinished download of Tiny test model.\n' });
    expect(existsSync(path.join(modelsDir(), `${entry.file}.part`))).toBe(false);
  });

  it.each([
    [['models', 'download', 'llama-70b'], 1, /"llama-70b" is not in the list of models Steerling can download\. Choose one of: tiny\.Q4_K_M\./],
    [['models', 'download', 'tiny.Q4_K_M', '--hub', 'ftp://mirror'], 2, /--hub: .* must start with https:\/\//],
    [['models', 'import', 'NOT_GGUF'], 1, /notes\.gguf is not a GGUF model/],
    [['models', 'import', 'TRUNCATED'], 1, /is incomplete/],
    [['models', 'import', 'WRONG_ARCH'], 1, /"gpt2" model/],
    [['models', 'rm', 'nothing'], 1, /There is no installed model called "nothing"/],
    [['summarize', article, '--model', 'nothing'], 1, /There is no file "nothing" and no installed model with that id/],
  ])('rejects %j with a clear message and a non-zero exit', async (args, code, message) => {
    const files: Record<string, string> = { NOT_GGUF: samples.notGguf, TRUNCATED: samples.truncated, WRONG_ARCH: samples.wrongArchitecture };
    const run = await steerling((args as string[]).map((a) => files[a] ?? a));
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message as RegExp);
    noStack(run);
    // Nothing was added to the models folder.
    expect(existsSync(modelsDir()) ? readdirSync(modelsDir()).filter((name) => name !== '.steerling') : []).toEqual([]);
  });

  it('refuses a catalog file that is not valid, naming the problem', async () => {
    writeFileSync(catalogPath, JSON.stringify({ schemaVersion: 1, defaultHubEndpoint: 'https://huggingface.co', models: [{ ...entry, sha256: 'abc' }] }));
    const run = await steerling(['models', 'list']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The model list \(.*catalog\.json\) is invalid at models\.0\.sha256: a sha256 is 64 lowercase hex digits/);
    noStack(run);
  });
});
