/**
 * One summary request from prompt to final text. Articles that fit are summarised in one pass;
 * longer ones go through map-reduce: each chunk is summarised plainly (stage "map"), then the
 * partial summaries together are summarised in the requested mode (stage "reduce"), summarising
 * the partials again in parts while they still do not fit. Only the final pass streams text.
 */
import type { ChatWrapper, Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { splitIntoChunks } from './chunking';
import { generateStage, runStage, type StageInput } from './generation';
import { renderPromptTokens } from './prompts/chat-prompt';
import { articleOffsetIn, mapConversation, notesAsArticle, summaryConversation, type ArticleText, type ChatTurn } from './prompts/conversation';
import { findPromptLandmarks } from './prompts/prompt-landmarks';
import type { PromptTemplate, PromptTemplates } from './prompts/templates';
import {
  CHUNK_MARGIN_TOKENS,
  MIN_CHUNK_TOKENS,
  finalOutputReserve,
  generationLimit,
  mapOutputTokens,
} from './prompt-budget';
import type { SteeringHook } from './steering-hook';
import { EngineError, type SummaryEvent, type SummaryRequest, type SummaryStats } from './types';

/** Levels of summarising summaries before giving up (each level shrinks the text several times). */
const MAX_REDUCE_LEVELS = 4;

export interface SummaryRunEnv {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  wrapper: ChatWrapper;
  templates: PromptTemplates;
  /** The template of the final pass (prompts/summary-template.ts). */
  template: PromptTemplate;
  /** Only for steered requests; applied to the final pass. */
  steeringHook?: SteeringHook;
}

interface Counters {
  promptTokens: number;
  outputTokens: number;
}

export async function* runSummary(env: SummaryRunEnv, request: SummaryRequest, signal: AbortSignal): AsyncGenerator<SummaryEvent, void, void> {
  const startedAt = performance.now();
  const contextSize = env.context.contextSize;
  const { maxTokens } = request.sampling;
  const counters: Counters = { promptTokens: 0, outputTokens: 0 };
  let firstTextAt: number | undefined;
  let chunks = 1;

  const stageInput = (promptTokens: Token[], limit: number): StageInput => ({
    model: env.model,
    sequence: env.sequence,
    promptTokens,
    maxTokens: generationLimit(contextSize, promptTokens.length, limit),
    sampling: request.sampling,
    signal,
    promptBatchSize: env.context.batchSize,
  });
  const done = (output: string, cancelled: boolean): SummaryEvent => {
    const totalMs = performance.now() - startedAt;
    const stats: SummaryStats = {
      ...counters,
      timeToFirstTokenMs: Math.round(firstTextAt === undefined ? totalMs : firstTextAt - startedAt),
      totalMs: Math.round(totalMs),
      chunks,
    };
    return { type: 'done', output, stats, cancelled };
  };

  /** The final prompt for this article, one-shot if it fits, else zero-shot; null if neither fits. */
  let finalTurns: ChatTurn[] = [];
  const finalPrompt = (article: ArticleText): Token[] | null => {
    const reserve = finalOutputReserve(contextSize, maxTokens);
    for (const includeExample of [true, false]) {
      const turns = summaryConversation(env.templates, env.template, article, { includeExample });
      const tokens = renderPromptTokens(env.model, env.wrapper, turns);
      if (tokens.length + reserve <= contextSize) {
        finalTurns = turns;
        return tokens;
      }
    }
    return null;
  };

  /** Summarises `text` in parts; returns the partial summaries, or null when cancelled. */
  async function* summariseInParts(text: string, stage: 'map' | 'reduce'): AsyncGenerator<SummaryEvent, string[] | null, void> {
    const partLimit = mapOutputTokens(contextSize, maxTokens);
    const overhead = renderPromptTokens(
      env.model,
      env.wrapper,
      mapConversation(env.templates, { title: request.article.title, text: '', index: 98, count: 99 }),
    ).length;
    const budget = contextSize - overhead - partLimit - CHUNK_MARGIN_TOKENS;
    if (budget < MIN_CHUNK_TOKENS) {
      throw new EngineError(
        'invalid-request',
        `The context size (${contextSize} tokens) is too small to summarise this article in parts. Load the model with a larger context size.`,
      );
    }
    const parts = splitIntoChunks(text, budget, (t) => env.model.tokenize(t).length);
    if (stage === 'map') chunks = parts.length;
    const notes: string[] = [];
    yield { type: 'progress', stage, done: 0, total: parts.length };
    for (const [index, part] of parts.entries()) {
      const turns = mapConversation(env.templates, { title: request.article.title, text: part, index, count: parts.length });
      const promptTokens = renderPromptTokens(env.model, env.wrapper, turns);
      counters.promptTokens += promptTokens.length;
      const result = await runStage(stageInput(promptTokens, partLimit));
      counters.outputTokens += result.outputTokens;
      if (result.cancelled) return null;
      notes.push(result.text);
      yield { type: 'progress', stage, done: index + 1, total: parts.length };
    }
    return notes;
  }

  const article: ArticleText = request.article;
  let prompt = finalPrompt(article);
  let reduced = false;
  if (!prompt) {
    let notes = yield* summariseInParts(article.text, 'map');
    for (let level = 1; notes && !prompt; level++) {
      const notesArticle = notesAsArticle(env.templates, article.title, notes);
      prompt = finalPrompt(notesArticle);
      if (prompt) break;
      if (level >= MAX_REDUCE_LEVELS) {
        throw new EngineError(
          'generation-failed',
          'The article is too long for this context size, even after summarising it in parts. Load the model with a larger context size.',
        );
      }
      notes = yield* summariseInParts(notesArticle.text, 'reduce');
    }
    if (!notes || !prompt) {
      yield done('', true);
      return;
    }
    reduced = true;
    yield { type: 'progress', stage: 'reduce', done: 0, total: 1 };
  }

  counters.promptTokens += prompt.length;
  const final = generateStage({
    ...stageInput(prompt, maxTokens),
    steering: env.steeringHook && request.steering
      ? {
          hook: env.steeringHook,
          stage: {
            llama: env.llama,
            model: env.model,
            context: env.context,
            request,
            settings: request.steering,
            // Only ActAdd places anything by position.
            landmarks:
              request.steering.method === 'actadd'
                ? findPromptLandmarks(env.model, env.wrapper, finalTurns, prompt, articleOffsetIn(env.template))
                : undefined,
          },
        }
      : undefined,
  });
  try {
    for (;;) {
      const step = await final.next();
      if (step.done) {
        counters.outputTokens += step.value.outputTokens;
        if (reduced && !step.value.cancelled) yield { type: 'progress', stage: 'reduce', done: 1, total: 1 };
        yield done(step.value.text, step.value.cancelled);
        return;
      }
      firstTextAt ??= performance.now();
      yield { type: 'text', text: step.value };
    }
  } finally {
    // If our consumer stopped early, finish the stage so steering cleanup still runs.
    await final.return({ text: '', outputTokens: 0, cancelled: true });
  }
}
