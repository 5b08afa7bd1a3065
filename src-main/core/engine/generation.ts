/**
 * One generation stage at the token level: prompt tokens go into an empty sequence (optionally
 * through a steering hook), then tokens are sampled one by one and turned into text chunks.
 * Working on the sequence directly, instead of through LlamaChatSession, is what lets steering
 * evaluate the first prompt tokens itself and swap vectors between evaluations.
 */
import type { LlamaContextSequence, LlamaModel, SequenceEvaluateOptions, Token } from 'node-llama-cpp';
import type { SteeringHook, SteeringStageContext } from './steering-hook';
import { TokenTextStream } from './token-text-stream';
import { EngineError, type RawSamplingSettings } from './types';

/** How many recent tokens the repeat penalty looks at (llama.cpp's default window). */
const REPEAT_PENALTY_WINDOW = 64;

export interface StageInput {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  promptTokens: Token[];
  /** Already capped so prompt + output fit the context. */
  maxTokens: number;
  sampling: RawSamplingSettings;
  signal: AbortSignal;
  /** Prompt tokens per evaluation call; aborts are checked between calls. */
  promptBatchSize: number;
  steering?: { hook: SteeringHook; stage: Omit<SteeringStageContext, 'sequence' | 'promptTokens' | 'signal'> };
}

export interface StageResult {
  text: string;
  outputTokens: number;
  cancelled: boolean;
}

export function samplingOptions(sampling: RawSamplingSettings, recentTokens: () => Token[]): SequenceEvaluateOptions {
  return {
    temperature: sampling.temperature,
    topP: sampling.topP,
    seed: sampling.seed,
    repeatPenalty:
      sampling.repeatPenalty === 1 && !sampling.frequencyPenalty
        ? undefined
        : {
            penalty: sampling.repeatPenalty,
            punishTokens: recentTokens,
            maxPunishTokens: REPEAT_PENALTY_WINDOW,
            ...(sampling.frequencyPenalty ? { frequencyPenalty: sampling.frequencyPenalty } : {}),
          },
  };
}

async function evaluatePromptPrefix(input: StageInput, from: number, to: number): Promise<boolean> {
  for (let start = from; start < to; start += input.promptBatchSize) {
    if (input.signal.aborted) return false;
    const end = Math.min(to, start + input.promptBatchSize);
    await input.sequence.evaluateWithoutGeneratingNewTokens(input.promptTokens.slice(start, end));
  }
  return !input.signal.aborted;
}

/** Yields text chunks as they complete; returns the stage's result. */
export async function* generateStage(input: StageInput): AsyncGenerator<string, StageResult, void> {
  const { model, sequence, promptTokens, signal } = input;
  if (promptTokens.length === 0) throw new EngineError('generation-failed', 'The prompt is empty.');
  const stream = new TokenTextStream<Token>((tokens, preceding) => model.detokenize(tokens, false, preceding));
  const generated: Token[] = [];
  const result = (cancelled: boolean): StageResult => ({ text: stream.text, outputTokens: generated.length, cancelled });

  await sequence.clearHistory();
  const hook = input.steering?.hook;
  const hookStage: SteeringStageContext | undefined = input.steering && {
    ...input.steering.stage,
    sequence,
    promptTokens,
    signal,
  };
  try {
    let evaluated = 0;
    if (hook && hookStage) {
      const { evaluatedPrefixTokens } = await hook.beforePrompt(hookStage);
      if (!Number.isInteger(evaluatedPrefixTokens) || evaluatedPrefixTokens < 0 || evaluatedPrefixTokens >= promptTokens.length) {
        throw new EngineError('generation-failed', `Steering evaluated ${evaluatedPrefixTokens} prompt tokens of ${promptTokens.length}.`);
      }
      evaluated = evaluatedPrefixTokens;
    }
    // With a hook, the last prompt token is evaluated on its own so vectors can change just before
    // it. Without one, the prompt's last batch starts sampling, cut at the same batch boundaries
    // as a plain evaluate() of the whole prompt: no extra decode, and the same numbers (batch
    // shapes change float rounding, hence the sampled text).
    const batch = input.promptBatchSize;
    const sampleFrom = hook ? promptTokens.length - 1 : Math.floor((promptTokens.length - 1) / batch) * batch;
    if (!(await evaluatePromptPrefix(input, evaluated, sampleFrom))) return result(true);
    if (hook && hookStage) await hook.beforeGeneration(hookStage);
    if (signal.aborted) return result(true);

    const recent = () => generated.slice(-REPEAT_PENALTY_WINDOW);
    const tokens = sequence.evaluate(promptTokens.slice(sampleFrom), samplingOptions(input.sampling, recent));
    let cancelled = false;
    for await (const token of tokens) {
      if (signal.aborted) {
        cancelled = true;
        break;
      }
      generated.push(token);
      const text = stream.push(token);
      if (text) yield text;
      if (generated.length >= input.maxTokens) break;
    }
    const rest = stream.flush();
    if (rest) yield rest;
    return result(cancelled);
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError('generation-failed', `The model stopped with an error while writing: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    if (hook && hookStage) await hook.cleanup(hookStage);
  }
}

/** Runs a stage to the end without streaming (map stages). */
export async function runStage(input: StageInput): Promise<StageResult> {
  const stages = generateStage(input);
  for (;;) {
    const step = await stages.next();
    if (step.done) return step.value;
  }
}
