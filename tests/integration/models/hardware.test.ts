import { availableParallelism, totalmem } from 'node:os';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src-main/core/models/catalog';
import { detectHardware, estimateCatalogFit, estimateInstalledFit, openLlama, recommendQuantisation } from '../../../src-main/core/models/hardware';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';

let llama: Llama;
let tinyModel: string;

beforeAll(async () => {
  mkdirSync(resolve('tests/.tmp'), { recursive: true });
  llama = await openLlama({ gpu: false });
  tinyModel = await createTinyModel();
});

afterAll(async () => {
  await llama?.dispose();
});

describe('hardware (CPU backend)', () => {
  it('reports no GPU, the machine’s RAM and cores, and a thread count within them', async () => {
    const hardware = await detectHardware(llama);
    expect(hardware.gpu).toBe(false);
    expect(hardware.vram).toBeNull();
    expect(hardware.gpuDevices).toEqual([]);
    expect(hardware.ram.totalBytes).toBeGreaterThan(0.9 * totalmem());
    expect(hardware.ram.freeBytes).toBeLessThanOrEqual(hardware.ram.totalBytes);
    expect(hardware.cpuCores).toBe(availableParallelism());
    expect(hardware.recommendedThreads).toBeGreaterThanOrEqual(1);
    expect(hardware.recommendedThreads).toBeLessThanOrEqual(hardware.cpuCores);
  });

  it('judges every catalog model for the CPU and recommends one', async () => {
    const hardware = await detectHardware(llama);
    for (const entry of loadCatalog().models) {
      const fit = estimateCatalogFit(entry, hardware);
      expect(fit).toMatchObject({ mode: 'cpu', gpuLayers: 0, basis: 'estimate', totalLayers: 33 });
      expect(fit.warning).toBeTruthy();
    }
    expect(recommendQuantisation(loadCatalog(), hardware).entry.id).toMatch(/^mistral-7b-instruct-v0\.2\./);
  });

  it('asks node-llama-cpp about a model on disk', async () => {
    const hardware = await detectHardware(llama);
    const fit = await estimateInstalledFit(tinyModel, llama, hardware, 1024);
    expect(fit).toMatchObject({ basis: 'gguf', fits: true, mode: 'cpu', gpuLayers: 0, totalLayers: 5, vramBytes: 0 });
    expect(fit.ramBytes).toBeGreaterThan(0);
    expect(fit.warning).toMatch(/processor/);
    expect(join(fit.entryId)).toBe(join(tinyModel));
  });
});
