/**
 * The three injection modes, as a SteeringHook the engine drives around one generation stage
 * (see engine/steering-hook.ts for the call order):
 *
 * - 'actadd' (ActAdd front, the paper's Algorithm 1): prompt position s + i (i < k) gets
 *   c · h_A[i] (per layer in the range), during the prompt pass only, where s is where the front
 *   starts (settings.frontAt: the very start, the user's message or the article; see
 *   frontPlacement). llama.cpp's control vector applies to a whole batch, so the front is evaluated
 *   in a temporary context that adds each token's own vector to its row, in one batch, and the
 *   sequence loads the resulting KV cache (evaluateFront); the generation context never gets a
 *   vector, and the rest of the prompt and generation run unsteered. With a layer range, each layer L gets its own difference h_A^L; since
 *   h_A^(L+1) already carries what block L made of h_A^L, and the injection at L propagates too,
 *   the shift compounds: over n layers the last one moves by roughly n times its own c · h_A.
 *   That is the paper's definition applied per layer, kept on purpose; use one layer (or a smaller
 *   coefficient) for the paper's strength.
 * - 'caa' (after prompt): one vector per layer, set from the LAST prompt token on, so it shapes
 *   every generated token (the first one is sampled from the last prompt token's pass).
 * - 'all' (llama.cpp control vectors): vectors over an inclusive layer range, several summed
 *   with their own strengths, set before the prompt and kept through generation.
 *
 * KV cache: the engine clears the sequence before every stage, and cleanup clears it again, so
 * no token computed under one vector is ever reused under another.
 */
import type { LlamaContext, LlamaContextSequence, Token } from 'node-llama-cpp';
import type { SteeringHook, SteeringStageContext } from '../engine/steering-hook';
import { toEngineError } from './engine-errors';
import { SteeringError } from './errors';
import { assertSteerableRange } from './layers';
import { DEFAULT_ACTADD_FRONT } from '../engine/steering-settings';
import type { CaptureSegment, NativeControlVector, SteeringBridge } from './native/index';
import { assertCoefficient, sumLayerVectors, toNativeControlVector, type LayerVectors } from './vectors';

export type InjectionPlan =
  | {
      mode: 'actadd';
      /** perPosition[i] holds position i's differences for each layer (block-input) it steers. */
      perPosition: LayerVectors[];
      layerStart: number;
      layerEnd: number;
      coefficient: number;
    }
  | { mode: 'caa'; vectors: LayerVectors; layerStart: number; layerEnd: number; coefficient: number }
  | {
      mode: 'all';
      parts: ReadonlyArray<{ vectors: LayerVectors; strength: number }>;
      layerStart: number;
      layerEnd: number;
      coefficient: number;
    };

/** Contexts with a steering stage in progress: a second one must not touch their vector. */
const activeContexts = new WeakSet<LlamaContext>();

interface ContextQueueInternals {
  _queuedDecodes?: unknown[];
  _batchDispatchPending?: boolean;
}

function generationRunning(context: LlamaContext): boolean {
  const internals = context as unknown as ContextQueueInternals;
  return activeContexts.has(context) || (internals._queuedDecodes?.length ?? 0) > 0 || internals._batchDispatchPending === true;
}

function busy(): SteeringError {
  return new SteeringError(
    'busy',
    'Steering cannot change while text is being generated with this model. Wait for it to finish or cancel it.',
  );
}

/** Precomputed native vectors for a plan, validated against the model before anything runs. */
interface PreparedPlan {
  mode: InjectionPlan['mode'];
  positions: NativeControlVector[];
  vector: NativeControlVector | null;
}

export function preparePlan(plan: InjectionPlan, model: { nEmbd: number; nLayer: number }): PreparedPlan {
  assertSteerableRange(plan.layerStart, plan.layerEnd, model.nLayer);
  assertCoefficient(plan.coefficient);
  const native = (vectors: LayerVectors) =>
    toNativeControlVector(vectors, plan.layerStart, plan.layerEnd, model, plan.coefficient);
  switch (plan.mode) {
    case 'actadd':
      if (plan.perPosition.length === 0) throw new SteeringError('invalid-pair', 'The ActAdd vector has no positions.');
      return { mode: 'actadd', positions: plan.perPosition.map(native), vector: null };
    case 'caa':
      return { mode: 'caa', positions: [], vector: native(plan.vectors) };
    case 'all':
      return { mode: 'all', positions: [], vector: native(sumLayerVectors(plan.parts)) };
  }
}

/** One steered stage. Create a new one per request; it is not reusable concurrently. */
export class SteeringInjector implements SteeringHook {
  private readonly prepared: PreparedPlan;
  private holding = false;
  /** Whether this stage set a control vector on the context (ActAdd never does). */
  private vectorSet = false;

  constructor(
    private readonly bridge: SteeringBridge,
    plan: InjectionPlan,
  ) {
    this.prepared = preparePlan(plan, bridge);
  }

  /** Number of leading prompt tokens ActAdd steers (k), before capping to the prompt. */
  get frontLength(): number {
    return this.prepared.positions.length;
  }

  async beforePrompt(stage: SteeringStageContext): Promise<{ evaluatedPrefixTokens: number }> {
    try {
      this.claim(stage.context);
      if (this.prepared.mode === 'all') {
        this.vectorSet = true;
        await this.bridge.setControlVector(this.prepared.vector);
        return { evaluatedPrefixTokens: 0 };
      }
      if (this.prepared.mode === 'caa') return { evaluatedPrefixTokens: 0 };
      const { offset, positions } = frontPlacement(stage, this.prepared.positions);
      const evaluated = await evaluateFront(this.bridge, stage.sequence, stage.promptTokens, positions, stage.signal, offset);
      return { evaluatedPrefixTokens: evaluated };
    } catch (error) {
      throw toEngineError(error);
    }
  }

  async beforeGeneration(): Promise<void> {
    try {
      if (this.prepared.mode === 'caa') {
        this.vectorSet = true;
        await this.bridge.setControlVector(this.prepared.vector);
      }
    } catch (error) {
      throw toEngineError(error);
    }
  }

  /** Leaves the context unsteered and the sequence empty; a no-op for a stage that never claimed it. */
  async cleanup(stage: SteeringStageContext): Promise<void> {
    if (!this.holding) return;
    try {
      // Clearing a vector makes llama.cpp re-reserve its compute graphs on the next decode, so
      // only a stage that set one clears it.
      if (this.vectorSet) await this.bridge.setControlVector(null);
      await stage.sequence.clearHistory();
    } finally {
      activeContexts.delete(stage.context);
      this.holding = false;
      this.vectorSet = false;
    }
  }

  private claim(context: LlamaContext): void {
    if (this.holding) return;
    if (activeContexts.has(context)) throw busy();
    activeContexts.add(context);
    this.holding = true;
  }
}

/**
 * Where ActAdd's front goes for the stage's `frontAt` (engine/steering-settings.ts ActAddFront): 'start' puts pair
 * position i on prompt position i, BOS on BOS; 'message' and 'article' drop the pair's BOS position
 * and put its first word on the landmark's first token.
 */
export function frontPlacement(
  stage: Pick<SteeringStageContext, 'settings' | 'landmarks'>,
  positions: readonly NativeControlVector[],
): { offset: number; positions: readonly NativeControlVector[] } {
  const at = stage.settings.frontAt ?? DEFAULT_ACTADD_FRONT;
  if (at === 'start') return { offset: 0, positions };
  const offset = stage.landmarks?.[at];
  if (offset === undefined) {
    throw new SteeringError('invalid-pair', `This prompt has no ${at === 'message' ? 'user message' : 'article'} to start ActAdd at; use the very start.`);
  }
  return { offset, positions: positions.slice(1) };
}

/**
 * ActAdd front on an empty sequence: the first `offset` tokens unsteered and token offset + i
 * (i < k) with c · h_A[i] added at the layers, all in one batch (SteeringBridge.prefillSequence:
 * a temporary context adds each token's own vector to its row, and the sequence then loads that
 * KV cache). Returns how many tokens were evaluated (offset + k, k capped so the last prompt
 * token is left for the engine; 0 when `signal` has aborted).
 */
export async function evaluateFront(
  bridge: SteeringBridge,
  sequence: LlamaContextSequence,
  promptTokens: readonly Token[],
  positions: readonly NativeControlVector[],
  signal?: AbortSignal,
  offset = 0,
): Promise<number> {
  const start = Math.max(0, Math.min(offset, promptTokens.length - 1));
  const k = Math.max(0, Math.min(positions.length, promptTokens.length - 1 - start));
  if (signal?.aborted || start + k === 0) return 0;
  const segments: CaptureSegment[] = [];
  if (start > 0) segments.push({ tokens: promptTokens.slice(0, start) });
  if (k > 0) segments.push({ tokens: promptTokens.slice(start, start + k), rowVectors: positions.slice(0, k) });
  return bridge.prefillSequence(sequence, segments);
}

/**
 * Sets a vector on a context outside the engine (benchmarks, tools). Refuses while a steered
 * stage or any evaluation is running on it. The caller must clear the history of any sequence
 * that holds tokens computed under a different vector.
 */
export async function applyControlVector(bridge: SteeringBridge, vector: NativeControlVector | null): Promise<void> {
  if (generationRunning(bridge.context)) throw busy();
  await bridge.setControlVector(vector);
}
