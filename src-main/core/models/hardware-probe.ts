/**
 * How the model manager learns what this machine offers, without keeping a second llama.cpp alive.
 *
 * In the app the engine (and its llama.cpp) runs in a worker process; the manager lives in the
 * main process. The default probe here opens node-llama-cpp in the manager's process only when a
 * hardware question is asked, answers every question of that request with the one runtime, and
 * disposes it at once. The trade-off, chosen knowingly:
 * - cost: the first question loads the native binding into this process (about 1–2 s, tens of MB
 *   of RAM that stay mapped), and with a GPU backend a device context exists for the moment of the
 *   question, briefly taking video memory the engine may want;
 * - gain: no change to the engine protocol, answers that work while the engine is down or busy
 *   summarising, and no lasting GPU context in the window's process. node-llama-cpp itself tests
 *   a prebuilt GPU binary in a child process before loading it, so a broken driver fails that
 *   test instead of crashing this process.
 * A probe that asks the engine process instead can replace this one through `HardwareProbe`.
 */
import type { Llama } from 'node-llama-cpp';
import { formatBytes } from './errors';
import { detectHardware, estimateInstalledFit, openLlama } from './hardware';
import type { FitEstimate, HardwareInfo } from './model-fit';

export interface HardwareReport {
  hardware: HardwareInfo;
  /** node-llama-cpp's fit per model path asked about; null where the file could not be judged. */
  fits: Map<string, FitEstimate | null>;
}

export interface HardwareProbe {
  probe(modelPaths: readonly string[]): Promise<HardwareReport>;
  dispose(): Promise<void>;
}

export interface LlamaHardwareProbeOptions {
  /** 'auto' finds CUDA, Vulkan or Metal; false answers for the CPU only. */
  gpu?: 'auto' | false;
  /** Where the Llama comes from (a shared one, in tests); opened and disposed per probe by default. */
  open?: () => Promise<Llama>;
  /** Called when a probe is done with the Llama; disposes it by default. */
  release?: (llama: Llama) => Promise<void>;
}

export function llamaHardwareProbe(options: LlamaHardwareProbeOptions = {}): HardwareProbe {
  const open = options.open ?? (() => openLlama({ gpu: options.gpu ?? 'auto' }));
  const release = options.release ?? ((llama: Llama) => llama.dispose());
  // One runtime at a time: two windows asking at once must not open two GPU contexts.
  let queue: Promise<unknown> = Promise.resolve();

  const run = async (modelPaths: readonly string[]): Promise<HardwareReport> => {
    const llama = await open();
    try {
      const hardware = await detectHardware(llama);
      const fits = new Map<string, FitEstimate | null>();
      for (const path of modelPaths) {
        fits.set(path, await estimateInstalledFit(path, llama, hardware).catch(() => null));
      }
      return { hardware, fits };
    } finally {
      await release(llama).catch(() => undefined);
    }
  };

  return {
    probe(modelPaths) {
      const result = queue.then(() => run(modelPaths));
      queue = result.catch(() => undefined);
      return result;
    },
    async dispose() {
      await queue;
    },
  };
}

/** One line a writer can read: what runs the model and how much memory there is. */
export function hardwareSummary(hardware: HardwareInfo): string {
  const ram = `${formatBytes(hardware.ram.totalBytes)} memory (${formatBytes(hardware.ram.freeBytes)} free)`;
  const cores = `${hardware.cpuCores} processor core${hardware.cpuCores === 1 ? '' : 's'}`;
  if (!hardware.gpu) return `No supported graphics card: the processor runs the model · ${ram} · ${cores}`;
  const backend = { cuda: 'CUDA', vulkan: 'Vulkan', metal: 'Metal' }[hardware.gpu];
  const devices = hardware.gpuDevices.length > 0 ? `: ${hardware.gpuDevices.join(', ')}` : '';
  const vram = hardware.vram
    ? hardware.vram.unifiedBytes > 0
      ? `, memory shared with the processor`
      : `, ${formatBytes(hardware.vram.totalBytes)} video memory (${formatBytes(hardware.vram.freeBytes)} free)`
    : '';
  return `${backend}${devices}${vram} · ${ram} · ${cores}`;
}
