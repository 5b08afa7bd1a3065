/**
 * Loader and typed surface of the steering side addon (built by scripts/build-native.mjs).
 *
 * node-llama-cpp has no API for control vectors or hidden states, so the addon reaches the
 * llama_context inside node-llama-cpp's native context object. That depends on internals of the
 * pinned node-llama-cpp 3.21.1: `LlamaContext._ctx` (the native AddonContext), `LlamaModel._model`
 * (the native AddonModel) and the context's decode lock `[context, "context"]` from its copy of
 * lifecycle-utils. Each is checked here, and the addon validates the C++ layout on every call, so a
 * different node-llama-cpp gives a SteeringError('addon-incompatible'), never a crash.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LlamaContext, LlamaContextSequence } from 'node-llama-cpp';
import { SteeringError } from '../errors';

export const PINNED_NODE_LLAMA_CPP = '3.21.1';

interface NativeTarget {
  context: object;
  model: object;
  sequences: number;
  batchSize: number;
}

interface RawCaptureSegment {
  tokens: number[];
  sequence?: number;
  vector?: Float32Array | null;
  rowVectors?: Float32Array[];
  ilStart?: number;
  ilEnd?: number;
}

interface RawAddon {
  compiledAgainst: string;
  describe(target: NativeTarget): NativeContextInfo;
  setControlVector(target: NativeTarget, data: Float32Array | null, nEmbd?: number, ilStart?: number, ilEnd?: number): void;
  captureResiduals(
    target: NativeTarget,
    segments: RawCaptureSegment[],
    layers: number[],
    options?: { statePath?: string },
  ): Promise<{ residuals: Float32Array[]; nTokens: number; nEmbd: number }>;
}

export interface NativeContextInfo {
  nEmbd: number;
  nLayer: number;
  /** Paths of the images the addon resolved against (node-llama-cpp's addon, libllama, libggml-base). */
  addonImage: string;
  llamaImage: string;
  ggmlBaseImage: string;
}

/** A control vector as llama.cpp takes it: layers 1..n from index 0, applied to ilStart..ilEnd. */
export interface NativeControlVector {
  /** n_embd × k floats: direction 1 first (llama.cpp never has a direction 0). */
  data: Float32Array;
  /** llama.cpp direction indices, inclusive. */
  ilStart: number;
  ilEnd: number;
}

/** Consecutive tokens evaluated together, with an optional control vector applied to them. */
export interface CaptureSegment {
  tokens: readonly number[];
  /**
   * Sequence these tokens continue (0–63, default 0); positions count per sequence. Consecutive
   * segments without a vector are decoded as one batch, so several prompts cost one evaluation.
   */
  sequence?: number;
  vector?: NativeControlVector | null;
  /**
   * One vector per token (ActAdd front), all over the same layer range, added to that token's row
   * of each layer's output while the batch is evaluated. They need no control vector on the
   * context, so such a segment is evaluated in the same batch as its neighbours.
   */
  rowVectors?: readonly NativeControlVector[];
}

const here = dirname(fileURLToPath(import.meta.url));
let addonPathOverride: string | undefined;
let cachedAddon: RawAddon | undefined;

/** Where packaged builds put the .node (outside the asar); call before the first steering use. */
export function setSteeringAddonPath(path: string): void {
  addonPathOverride = path;
  cachedAddon = undefined;
}

export function steeringAddonPath(): string {
  return (
    addonPathOverride ??
    process.env.STEERLING_STEERING_ADDON ??
    join(here, 'build', 'Release', 'steerling_steering.node')
  );
}

function nodeLlamaCppRoot(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('node-llama-cpp'));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'node-llama-cpp') return dir;
    dir = dirname(dir);
  }
  throw new SteeringError('addon-incompatible', 'Cannot find the installed node-llama-cpp package.');
}

export function installedNodeLlamaCppVersion(): string {
  return JSON.parse(readFileSync(join(nodeLlamaCppRoot(), 'package.json'), 'utf8')).version;
}

/** Loads the addon once; throws SteeringError with what to do when it is missing or mismatched. */
export function loadSteeringAddon(): RawAddon {
  if (cachedAddon) return cachedAddon;
  const path = steeringAddonPath();
  if (!existsSync(path)) {
    throw new SteeringError(
      'addon-missing',
      `Steered mode needs its native add-on, which is not built (expected at ${path}). Install a C++ compiler, make and Python 3, then run \`npm run build:native\`.`,
    );
  }
  let addon: RawAddon;
  try {
    addon = createRequire(import.meta.url)(path) as RawAddon;
  } catch (cause) {
    throw new SteeringError('addon-missing', `The steering add-on at ${path} could not be loaded: ${String(cause)}`, {
      cause,
    });
  }
  const installed = installedNodeLlamaCppVersion();
  if (addon.compiledAgainst !== installed || installed !== PINNED_NODE_LLAMA_CPP) {
    throw new SteeringError(
      'addon-incompatible',
      `The steering add-on was built for node-llama-cpp ${addon.compiledAgainst}, ` +
        `but ${installed} is installed (steering supports exactly ${PINNED_NODE_LLAMA_CPP}). ` +
        'Reinstall the pinned version and run `npm run build:native`.',
    );
  }
  cachedAddon = addon;
  return addon;
}

type WithLock = <T>(scope: readonly unknown[], callback: () => Promise<T> | T) => Promise<T>;
let cachedWithLock: Promise<WithLock> | undefined;

/** node-llama-cpp's own lifecycle-utils, so we take the very lock its decode loop holds. */
function contextLock(): Promise<WithLock> {
  cachedWithLock ??= (async () => {
    const nlcRequire = createRequire(join(nodeLlamaCppRoot(), 'package.json'));
    const module = (await import(pathToFileURL(nlcRequire.resolve('lifecycle-utils')).href)) as { withLock?: WithLock };
    if (typeof module.withLock !== 'function') {
      throw new SteeringError('addon-incompatible', "node-llama-cpp's lifecycle-utils has no withLock.");
    }
    return module.withLock;
  })();
  return cachedWithLock;
}

interface ContextInternals {
  _ctx?: unknown;
  model?: { _model?: unknown };
  totalSequences?: unknown;
  batchSize?: unknown;
  disposed?: boolean;
}

function targetOf(context: LlamaContext): NativeTarget {
  const internals = context as unknown as ContextInternals;
  if (internals.disposed) throw new SteeringError('native-failed', 'The model context has been closed.');
  const nativeContext = internals._ctx;
  const nativeModel = internals.model?._model;
  if (
    typeof nativeContext !== 'object' || nativeContext === null ||
    typeof nativeModel !== 'object' || nativeModel === null ||
    typeof internals.totalSequences !== 'number' || typeof internals.batchSize !== 'number'
  ) {
    throw new SteeringError(
      'addon-incompatible',
      `node-llama-cpp's context internals are not what steering expects (it supports node-llama-cpp ${PINNED_NODE_LLAMA_CPP}).`,
    );
  }
  return {
    context: nativeContext,
    model: nativeModel,
    sequences: internals.totalSequences,
    batchSize: internals.batchSize,
  };
}

function wrapNative<T>(run: () => T): T {
  try {
    return run();
  } catch (cause) {
    if (cause instanceof SteeringError) throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    const code = /layout|native objects|internals/.test(message) ? 'addon-incompatible' : 'native-failed';
    throw new SteeringError(code, `Steering failed: ${message}`, { cause });
  }
}

/**
 * Steering access to one node-llama-cpp context. Vectors apply to every sequence of the context;
 * the engine uses one sequence per context. Disposing the context invalidates the bridge.
 */
export class SteeringBridge {
  private constructor(
    readonly context: LlamaContext,
    private readonly addon: RawAddon,
    readonly info: NativeContextInfo,
  ) {}

  /** Validates the context against the addon; throws SteeringError when steering cannot work. */
  static open(context: LlamaContext): SteeringBridge {
    const addon = loadSteeringAddon();
    const info = wrapNative(() => addon.describe(targetOf(context)));
    return new SteeringBridge(context, addon, info);
  }

  get nEmbd(): number {
    return this.info.nEmbd;
  }

  get nLayer(): number {
    return this.info.nLayer;
  }

  /**
   * llama_set_adapter_cvec semantics (null clears). Runs under the context's decode lock, so it
   * never lands in the middle of an evaluation; the caller must still reset the KV cache of any
   * sequence whose cached tokens were computed under a different vector.
   */
  async setControlVector(vector: NativeControlVector | null): Promise<void> {
    const withLock = await contextLock();
    await withLock([this.context, 'context'], () =>
      wrapNative(() =>
        vector === null
          ? this.addon.setControlVector(targetOf(this.context), null)
          : this.addon.setControlVector(targetOf(this.context), vector.data, this.nEmbd, vector.ilStart, vector.ilEnd),
      ),
    );
  }

  /**
   * Residual stream `l_out-N` (output of block N, llama.cpp numbering) for each requested layer,
   * read in a temporary context on the same model: one Float32Array [nTokens × nEmbd] per layer.
   * When the last layer is requested every token is an output of its batch, so its rows are not filtered.
   */
  async captureResiduals(
    input: readonly number[] | readonly CaptureSegment[],
    blockIndices: readonly number[],
  ): Promise<Float32Array[]> {
    const segments = isTokenList(input) ? [{ tokens: [...input] }] : input.map(rawSegment);
    return (await this.runCapture(segments, [...blockIndices])).residuals;
  }

  /**
   * Evaluates `segments` (one sequence, per-token vectors allowed, no whole-segment vector) in one
   * batch in a temporary context on the same model, and loads the resulting KV cache into
   * `sequence`, which must be empty: afterwards it holds those tokens exactly as if it had
   * evaluated them itself with the per-token vectors added. This is how ActAdd's front costs one
   * prompt batch instead of one decode (and one scheduler re-reserve) per front token, and leaves
   * the generation context's own control vector untouched. Returns the number of tokens loaded.
   */
  async prefillSequence(sequence: LlamaContextSequence, segments: readonly CaptureSegment[]): Promise<number> {
    if (sequence.nextTokenIndex !== 0) throw new SteeringError('native-failed', 'A steered prefix needs an empty sequence.');
    const folder = await mkdtemp(join(tmpdir(), 'steerling-prefix-'));
    const statePath = join(folder, 'sequence.bin');
    try {
      await this.runCapture(segments.map(rawSegment), [], { statePath });
      await sequence.loadStateFromFile(statePath, { acceptRisk: true });
      return sequence.nextTokenIndex;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  private async runCapture(segments: RawCaptureSegment[], layers: number[], options?: { statePath?: string }) {
    const target = targetOf(this.context);
    const promise = wrapNative(() => this.addon.captureResiduals(target, segments, layers, options));
    try {
      return await promise;
    } catch (cause) {
      return wrapNative(() => {
        throw cause;
      });
    }
  }
}

function rawSegment(segment: CaptureSegment): RawCaptureSegment {
  const rows = segment.rowVectors;
  if (rows && rows.some((row) => row.ilStart !== rows[0].ilStart || row.ilEnd !== rows[0].ilEnd)) {
    throw new SteeringError('native-failed', 'Per-token vectors of one segment must cover the same layers.');
  }
  const layers = segment.vector ?? rows?.[0];
  return {
    tokens: [...segment.tokens],
    sequence: segment.sequence,
    vector: segment.vector?.data ?? null,
    rowVectors: rows?.map((row) => row.data),
    ilStart: layers?.ilStart,
    ilEnd: layers?.ilEnd,
  };
}

function isTokenList(input: readonly number[] | readonly CaptureSegment[]): input is readonly number[] {
  return input.length === 0 || typeof input[0] === 'number';
}
