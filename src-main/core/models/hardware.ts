/**
 * What this machine offers a model: GPU backend and devices, VRAM, RAM, cores (from
 * node-llama-cpp and the OS), and for a model file on disk, node-llama-cpp's own estimate of how
 * many layers go to the GPU. Catalog models not yet downloaded are judged by model-fit.ts.
 */
import { availableParallelism } from 'node:os';
import type { Llama } from 'node-llama-cpp';
import { DEFAULT_ESTIMATE_CONTEXT } from './memory-estimate';
import { SYSTEM_RAM_RESERVE, cpuSpeedWarning, type FitEstimate, type GpuKind, type HardwareInfo, type RunMode } from './model-fit';
import { formatBytes } from './errors';

export type { FitEstimate, GpuKind, HardwareInfo } from './model-fit';
export { estimateCatalogFit, recommendQuantisation, cpuSpeedWarning } from './model-fit';

export interface OpenLlamaOptions {
  /** 'auto' finds CUDA, Vulkan or Metal; false forces the CPU (tests, or a broken driver). */
  gpu?: 'auto' | false;
}

/** A Llama for hardware questions; the caller disposes it (or reuses the engine's). */
export async function openLlama(options: OpenLlamaOptions = {}): Promise<Llama> {
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  return getLlama({ gpu: options.gpu ?? 'auto', logLevel: LlamaLogLevel.error, build: 'never' });
}

export async function detectHardware(llama: Llama): Promise<HardwareInfo> {
  const gpu = llama.gpu as GpuKind;
  const [vramState, ramState, gpuDevices] = await Promise.all([
    gpu ? llama.getVramState() : Promise.resolve(null),
    llama.getRamState(),
    gpu ? llama.getGpuDeviceNames().catch(() => [] as string[]) : Promise.resolve([] as string[]),
  ]);
  const cpuCores = availableParallelism();
  return {
    gpu,
    gpuDevices,
    vram: vramState ? { totalBytes: vramState.total, freeBytes: vramState.free, unifiedBytes: vramState.unifiedSize } : null,
    ram: { totalBytes: ramState.total, freeBytes: ramState.free },
    cpuCores,
    recommendedThreads: Math.max(1, Math.min(cpuCores, llama.cpuMathCores || cpuCores)),
  };
}

/**
 * node-llama-cpp's estimate for a GGUF on disk (GgufInsights reads its tensor table): layers on
 * the GPU and memory at `contextSize`, against this Llama's real VRAM and RAM.
 */
export async function estimateInstalledFit(
  path: string,
  llama: Llama,
  hardware: HardwareInfo,
  contextSize = DEFAULT_ESTIMATE_CONTEXT,
): Promise<FitEstimate> {
  const { readGgufFileInfo, GgufInsights } = await import('node-llama-cpp');
  const info = await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false });
  const insights = await GgufInsights.from(info, llama);
  const contextForModel = Math.min(contextSize, insights.trainContextSize ?? contextSize);
  const { compatibilityScore, resolvedValues } = await insights.configurationResolver.resolveAndScoreConfig({
    targetContextSize: contextForModel,
  });
  const totalLayers = insights.totalLayers;
  const gpuLayers = resolvedValues.gpuLayers;
  const mode: RunMode = !hardware.gpu || gpuLayers === 0 ? 'cpu' : gpuLayers >= totalLayers ? 'gpu' : 'partial-gpu';
  const ramBytes = resolvedValues.totalRamUsage;
  const fits = compatibilityScore > 0 && ramBytes <= hardware.ram.totalBytes - SYSTEM_RAM_RESERVE / 2;
  let warning: string | null = null;
  if (!fits) warning = `This model needs about ${formatBytes(ramBytes)} of memory at this context size; this computer has ${formatBytes(hardware.ram.totalBytes)}.`;
  else if (mode === 'cpu') warning = cpuSpeedWarning(hardware.cpuCores);
  else if (mode === 'partial-gpu') warning = `Only ${gpuLayers} of ${totalLayers} layers fit on the graphics card; the rest run on the processor.`;
  return {
    entryId: path,
    fits,
    mode,
    gpuLayers,
    totalLayers,
    vramBytes: resolvedValues.totalVramUsage,
    ramBytes,
    warning,
    basis: 'gguf',
  };
}
