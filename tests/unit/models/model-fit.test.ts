import { describe, expect, it } from 'vitest';
import { findCatalogEntry, loadCatalog } from '../../../src-main/core/models/catalog';
import { kvCacheBytes, estimateOffload } from '../../../src-main/core/models/memory-estimate';
import { estimateCatalogFit, recommendQuantisation, type HardwareInfo } from '../../../src-main/core/models/model-fit';

const GiB = 1024 ** 3;
const catalog = loadCatalog();

function machine(ramGiB: number, gpu?: { kind: 'cuda' | 'vulkan' | 'metal'; freeGiB: number; unified?: boolean }, cores = 8): HardwareInfo {
  return {
    gpu: gpu?.kind ?? false,
    gpuDevices: gpu ? ['Test GPU'] : [],
    vram: gpu ? { totalBytes: gpu.freeGiB * GiB, freeBytes: gpu.freeGiB * GiB, unifiedBytes: gpu.unified ? gpu.freeGiB * GiB : 0 } : null,
    ram: { totalBytes: ramGiB * GiB, freeBytes: ramGiB * GiB * 0.6 },
    cpuCores: cores,
    recommendedThreads: cores,
  };
}

describe('memory estimate', () => {
  it('sizes Mistral 7B’s KV cache from its grouped-query shape (8 KV heads)', () => {
    const shape = { layers: 32, embedding: 4096, heads: 32, kvHeads: 8 };
    expect(kvCacheBytes(shape, 4096)).toBe(512 * 1024 * 1024);
    expect(kvCacheBytes(shape, 8192)).toBe(1024 * 1024 * 1024);
  });

  it('offloads more layers with more VRAM and all of them when the model fits', () => {
    const shape = { layers: 32, embedding: 4096, heads: 32, kvHeads: 8 };
    const size = 4368439584;
    const layers = [0, 2, 3, 4, 5, 6].map((gib) => estimateOffload(shape, size, gib * GiB).gpuLayers);
    expect(layers[0]).toBe(0);
    for (let i = 1; i < layers.length; i++) expect(layers[i]).toBeGreaterThanOrEqual(layers[i - 1]);
    expect(layers.at(-1)).toBe(33);
    expect(layers[2]).toBeGreaterThan(0);
    expect(layers[2]).toBeLessThan(33);
  });
});

describe('fitting catalog models to a machine', () => {
  it('recommends the default on a CPU-only machine with enough RAM, with an honest speed warning', () => {
    const rec = recommendQuantisation(catalog, machine(16, undefined, 4));
    expect(rec.entry.quantisation).toBe('Q4_K_M');
    expect(rec.estimate).toMatchObject({ mode: 'cpu', fits: true, gpuLayers: 0 });
    expect(rec.estimate.warning).toMatch(/processor \(4 cores\).*several minutes/);
  });

  it('falls back to the small file when the default does not fit in RAM', () => {
    const rec = recommendQuantisation(catalog, machine(6.5));
    expect(rec.entry.quantisation).toBe('Q3_K_M');
    expect(estimateCatalogFit(findCatalogEntry('Q4_K_M')!, machine(6.5)).fits).toBe(false);
  });

  it('says so when nothing fits', () => {
    const rec = recommendQuantisation(catalog, machine(4));
    expect(rec.entry.quantisation).toBe('Q3_K_M');
    expect(rec.estimate.fits).toBe(false);
    expect(rec.estimate.warning).toMatch(/needs about .* Choose a smaller version/);
  });

  it('picks the best quality that fits entirely on the graphics card', () => {
    expect(recommendQuantisation(catalog, machine(32, { kind: 'cuda', freeGiB: 7.5 })).entry.quantisation).toBe('Q5_K_M');
    const big = recommendQuantisation(catalog, machine(32, { kind: 'cuda', freeGiB: 24 }));
    expect(big.entry.quantisation).toBe('Q8_0');
    expect(big.estimate).toMatchObject({ mode: 'gpu', gpuLayers: 33, totalLayers: 33, warning: null });
  });

  it('offloads part of the default to a small graphics card and warns that it is slower', () => {
    const rec = recommendQuantisation(catalog, machine(16, { kind: 'vulkan', freeGiB: 3 }));
    expect(rec.entry.quantisation).toBe('Q4_K_M');
    expect(rec.estimate.mode).toBe('partial-gpu');
    expect(rec.estimate.gpuLayers).toBeGreaterThan(0);
    expect(rec.estimate.gpuLayers).toBeLessThan(33);
    expect(rec.estimate.warning).toMatch(/of 33 layers fit/);
  });

  it('counts unified memory once (Apple Silicon)', () => {
    const q8 = findCatalogEntry('Q8_0')!;
    expect(estimateCatalogFit(q8, machine(16, { kind: 'metal', freeGiB: 10.5, unified: true })).fits).toBe(true);
    expect(estimateCatalogFit(q8, machine(8, { kind: 'metal', freeGiB: 5.3, unified: true })).fits).toBe(false);
  });
});
