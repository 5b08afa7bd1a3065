import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelFileError } from '../../../src-main/core/models/errors';
import { inspectGguf } from '../../../src-main/core/models/gguf-inspect';
import { importModel } from '../../../src-main/core/models/model-import';
import { deleteModel, deletePartialDownload, listModels, modelsDiskUsage } from '../../../src-main/core/models/registry';
import { buildTinyModelSpec } from '../../fixtures/gguf/tiny-model';
import { writeSampleFiles, type SampleFiles } from '../../fixtures/models/sample-files';

const TMP = resolve('tests/.tmp');
let root: string;
let modelsDir: string;
let samples: SampleFiles;

beforeEach(async () => {
  mkdirSync(TMP, { recursive: true });
  root = await mkdtemp(join(TMP, 'models-reg-'));
  modelsDir = join(root, 'models');
  mkdirSync(join(root, 'elsewhere'));
  samples = writeSampleFiles(join(root, 'elsewhere'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fileError(promise: Promise<unknown>): Promise<ModelFileError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFileError);
  return error as ModelFileError;
}

describe('inspectGguf', () => {
  it('reads the facts the app shows from a llama GGUF', async () => {
    const info = await inspectGguf(samples.good);
    expect(info).toMatchObject({
      architecture: 'llama',
      ggufVersion: 3,
      name: 'Steerling Tiny Test Model',
      fileType: 'F32',
      nLayer: 4,
      nEmbd: 64,
      nHead: 4,
      nHeadKv: 2,
      contextLength: 4096,
      hasChatTemplate: true,
    });
    const spec = buildTinyModelSpec();
    expect(info.parameterCount).toBe(spec.tensors.reduce((sum, t) => sum + t.data.length, 0));
    expect(info.tensorCount).toBe(spec.tensors.length);
    expect(info.sizeBytes).toBe(readFileSync(samples.good).length);
  });

  it.each([
    ['truncated', 'truncated', /incomplete/],
    ['notGguf', 'not-gguf', /not a GGUF model/],
    ['wrongArchitecture', 'wrong-architecture', /"gpt2" model/],
  ] as const)('refuses a %s file with a clear error', async (sample, code, message) => {
    const error = await fileError(inspectGguf(samples[sample]));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses a missing file and an empty one', async () => {
    expect((await fileError(inspectGguf(join(root, 'nope.gguf')))).code).toBe('unreadable');
    writeFileSync(join(root, 'empty.gguf'), '');
    const empty = await fileError(inspectGguf(join(root, 'empty.gguf')));
    expect(empty.code).toBe('not-gguf');
    expect(empty.message).toMatch(/empty/);
  });

  it('refuses a GGUF whose header was cut off', async () => {
    writeFileSync(join(root, 'head.gguf'), readFileSync(samples.good).subarray(0, 200));
    expect((await fileError(inspectGguf(join(root, 'head.gguf')))).code).toBe('truncated');
  });

  it('refuses an unknown GGUF version and a garbled header', async () => {
    const bytes = readFileSync(samples.good);
    const v9 = Buffer.from(bytes);
    v9.writeUInt32LE(9, 4);
    writeFileSync(join(root, 'v9.gguf'), v9);
    expect((await fileError(inspectGguf(join(root, 'v9.gguf')))).code).toBe('unsupported-version');
    const garbled = Buffer.from(bytes);
    garbled.fill(0xff, 24, 64); // first key's length becomes absurd
    writeFileSync(join(root, 'garbled.gguf'), garbled);
    expect((await fileError(inspectGguf(join(root, 'garbled.gguf')))).code).toBe('corrupt');
  });
});

describe('models folder', () => {
  it('imports a copy, lists it with its metadata, and deletes it', async () => {
    const installed = await importModel(samples.good, modelsDir, { mode: 'copy' });
    expect(installed).toMatchObject({ id: 'tiny-good', fileName: 'tiny-good.gguf', linkTarget: null, problem: null });
    expect(installed.info?.nLayer).toBe(4);
    expect(installed.record).toMatchObject({ source: 'import', mode: 'copy', origin: samples.good });
    expect(readFileSync(installed.path).equals(readFileSync(samples.good))).toBe(true);
    expect(lstatSync(installed.path).isSymbolicLink()).toBe(false);

    const { models, partials } = await listModels(modelsDir);
    expect(models.map((m) => m.id)).toEqual(['tiny-good']);
    expect(partials).toEqual([]);
    const usage = await modelsDiskUsage(modelsDir, async () => 123);
    expect(usage).toEqual({ modelsBytes: installed.sizeBytes, linkedBytes: 0, partialBytes: 0, freeBytes: 123 });

    await deleteModel('tiny-good', modelsDir);
    expect((await listModels(modelsDir)).models).toEqual([]);
    expect(existsSync(samples.good)).toBe(true);
    expect(readdirSync(join(modelsDir, '.steerling'))).toEqual([]);
  });

  it('imports a link that points at the original, and deleting it keeps the original', async () => {
    const installed = await importModel(samples.good, modelsDir, { mode: 'link' });
    expect(installed.linkTarget).toBe(samples.good);
    expect(lstatSync(installed.path).isSymbolicLink()).toBe(true);
    const usage = await modelsDiskUsage(modelsDir);
    expect(usage.modelsBytes).toBe(0);
    expect(usage.linkedBytes).toBe(installed.sizeBytes);
    await deleteModel('tiny-good', modelsDir);
    expect(existsSync(installed.path)).toBe(false);
    expect(existsSync(samples.good)).toBe(true);
  });

  it.each(['truncated', 'notGguf', 'wrongArchitecture'] as const)('refuses to import a %s file and adds nothing', async (sample) => {
    await fileError(importModel(samples[sample], modelsDir));
    expect(existsSync(modelsDir) ? readdirSync(modelsDir) : []).toEqual([]);
  });

  it('refuses a second model with the same name', async () => {
    await importModel(samples.good, modelsDir);
    const again = await fileError(importModel(samples.good, modelsDir, { mode: 'link' }));
    expect(again.code).toBe('exists');
  });

  it('refuses to copy onto a disk without room, suggesting a link', async () => {
    const error = await fileError(importModel(samples.good, modelsDir, { freeSpace: async () => 1000 }));
    expect(error.code).toBe('disk-full');
    expect(error.message).toMatch(/link/);
    expect(readdirSync(modelsDir)).toEqual([]);
  });

  it('lists broken files with the reason, and unfinished downloads', async () => {
    mkdirSync(modelsDir, { recursive: true });
    writeFileSync(join(modelsDir, 'half.gguf'), readFileSync(samples.truncated));
    writeFileSync(join(modelsDir, 'next.gguf.part'), Buffer.alloc(5000));
    const linked = await importModel(samples.good, modelsDir, { mode: 'link' });
    await rm(samples.good);

    const { models, partials } = await listModels(modelsDir);
    expect(models.map((m) => [m.id, m.problem?.code ?? null])).toEqual([
      ['half', 'truncated'],
      ['tiny-good', 'unreadable'],
    ]);
    expect(models[1].problem?.message).toContain(linked.linkTarget!);
    expect(partials).toEqual([
      { id: 'next', fileName: 'next.gguf', path: join(modelsDir, 'next.gguf.part'), bytes: 5000, totalBytes: null, url: null },
    ]);
    expect((await modelsDiskUsage(modelsDir)).partialBytes).toBe(5000);
    await deletePartialDownload('next', modelsDir);
    expect((await listModels(modelsDir)).partials).toEqual([]);
  });

  it('refuses to delete what is not an installed model, or a path', async () => {
    expect((await fileError(deleteModel('ghost', modelsDir))).code).toBe('not-installed');
    expect((await fileError(deleteModel('../elsewhere/tiny-good', modelsDir))).code).toBe('not-installed');
    expect(existsSync(samples.good)).toBe(true);
  });
});
