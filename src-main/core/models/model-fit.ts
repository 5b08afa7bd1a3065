/**
 * Will a catalog model run on this machine, how, and which one to suggest. Pure functions of the
 * hardware facts (hardware.ts gathers them), so every policy here is unit-tested with made-up
 * machines.
 */
import { catalogShape, catalogSizeBytes, type Catalog, type CatalogEntry } from './catalog';
import { formatBytes } from './errors';
import { DEFAULT_ESTIMATE_CONTEXT, cpuOnlyRamBytes, estimateOffload, offloadableLayers } from './memory-estimate';

// The shapes live in model-views.ts, which imports nothing, so the renderer can type-check them.
import type { FitEstimate, HardwareInfo, RunMode } from './model-views';
export type { FitEstimate, GpuKind, HardwareInfo, RunMode } from './model-views';

/** RAM the operating system and other programs keep for themselves. */
export const SYSTEM_RAM_RESERVE = 1024 * 1024 * 1024;

export function cpuSpeedWarning(cpuCores: number): string {
  const pace = cpuCores <= 4 ? 'several minutes' : 'a minute or two';
  return (
    `No supported graphics card is in use, so the model runs on the processor (${cpuCores} cores). ` +
    `It works, but expect ${pace} per article summary.`
  );
}

export function estimateCatalogFit(entry: CatalogEntry, hardware: HardwareInfo, contextSize = DEFAULT_ESTIMATE_CONTEXT): FitEstimate {
  const shape = catalogShape(entry);
  const size = catalogSizeBytes(entry);
  const usableRam = hardware.ram.totalBytes - SYSTEM_RAM_RESERVE;
  const layers = offloadableLayers(shape);
  const base = { entryId: entry.id, totalLayers: layers, basis: 'estimate' as const };

  if (hardware.gpu && hardware.vram) {
    // Unified memory (Apple Silicon): VRAM is RAM, so what fits is bounded by RAM alone.
    const offload = estimateOffload(shape, size, hardware.vram.freeBytes, contextSize);
    const mode: RunMode = offload.gpuLayers === layers ? 'gpu' : offload.gpuLayers > 0 ? 'partial-gpu' : 'cpu';
    const fits = hardware.vram.unifiedBytes > 0 ? offload.vramBytes + offload.ramBytes <= usableRam : offload.ramBytes <= usableRam;
    return { ...base, fits, mode, gpuLayers: offload.gpuLayers, vramBytes: offload.vramBytes, ramBytes: offload.ramBytes, warning: warningFor(mode, fits, offload.gpuLayers, layers, offload.ramBytes, hardware) };
  }
  const ramBytes = cpuOnlyRamBytes(shape, size, contextSize);
  const fits = ramBytes <= usableRam;
  return { ...base, fits, mode: 'cpu', gpuLayers: 0, vramBytes: 0, ramBytes, warning: warningFor('cpu', fits, 0, layers, ramBytes, hardware) };
}

function warningFor(mode: RunMode, fits: boolean, gpuLayers: number, layers: number, ramBytes: number, hardware: HardwareInfo): string | null {
  if (!fits) {
    return `This model needs about ${formatBytes(ramBytes + SYSTEM_RAM_RESERVE)} of memory and this computer has ${formatBytes(hardware.ram.totalBytes)}. Choose a smaller version.`;
  }
  if (mode === 'cpu') return cpuSpeedWarning(hardware.cpuCores);
  if (mode === 'partial-gpu') {
    return `Only ${gpuLayers} of ${layers} layers fit on the graphics card; the rest run on the processor, so summaries are slower than with a smaller version that fits entirely.`;
  }
  return null;
}

export interface Recommendation {
  entry: CatalogEntry;
  estimate: FitEstimate;
  /** One sentence for the writer: why this version. */
  reason: string;
}

/**
 * The version to suggest. With a GPU: the best quality that runs entirely on it, else the default
 * if it fits with partial offload, else the smallest. Without one: the default (larger files are
 * slower on a processor for little gain), or the smallest when the default does not fit.
 */
export function recommendQuantisation(catalog: Catalog, hardware: HardwareInfo, contextSize = DEFAULT_ESTIMATE_CONTEXT): Recommendation {
  const bySize = [...catalog.models].sort((a, b) => catalogSizeBytes(a) - catalogSizeBytes(b));
  const estimates = new Map(bySize.map((entry) => [entry.id, estimateCatalogFit(entry, hardware, contextSize)]));
  const pick = (entry: CatalogEntry, reason: string): Recommendation => ({ entry, estimate: estimates.get(entry.id)!, reason });
  const fallback = catalog.models.find((m) => m.default) ?? bySize[0];
  const defaultFits = estimates.get(fallback.id)!.fits;

  if (hardware.gpu) {
    const fullGpu = bySize.filter((e) => estimates.get(e.id)!.mode === 'gpu' && estimates.get(e.id)!.fits);
    if (fullGpu.length > 0) {
      return pick(fullGpu[fullGpu.length - 1], 'The best-quality version that runs entirely on your graphics card.');
    }
  }
  if (defaultFits) {
    return pick(fallback, hardware.gpu ? 'The recommended version; part of it runs on your graphics card.' : 'The recommended version: the best balance of quality and speed on a processor.');
  }
  const smallestFitting = bySize.find((e) => estimates.get(e.id)!.fits);
  if (smallestFitting) return pick(smallestFitting, 'The version that fits in this computer’s memory.');
  return pick(bySize[0], 'The smallest version; even it may not fit in this computer’s memory.');
}
