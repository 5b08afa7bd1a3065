/**
 * The engine in this process: one model, one context with one sequence, one summary at a time.
 * EngineClient runs this same class in a child process for the app; the CLI uses it directly.
 */
import { basename, extname } from 'node:path';
import type { ChatWrapper, Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { getSharedLlama, loadNodeLlamaCpp, resolveThreadCount, type GpuMode } from './llama';
import { inspectModelFile } from './model-file';
import { summaryTemplateFor } from './prompts/summary-template';
import { loadPromptTemplates, type PromptStyleSource, type PromptTemplate, type PromptTemplates } from './prompts/templates';
import type { SteeringHook, SteeringProvider } from './steering-hook';
import { runStage, type StageResult } from './generation';
import { generationLimit } from './prompt-budget';
import { runSummary } from './summary-run';
import {
  EngineError,
  type LoadModelOptions,
  type ModelInfo,
  type SummaryEngine,
  type SummaryEvent,
  type SummaryRequest,
} from './types';
import type { RawContinuationRequest, RawContinuer } from './raw-continuation';

export const DEFAULT_CONTEXT_SIZE = 4096;

export interface LocalEngineOptions {
  /** 'auto' (default; STEERLING_GPU=off turns it off) or false for CPU only. */
  gpu?: GpuMode;
  /** Default threads for contexts; see resolveThreadCount. */
  threads?: number;
  /** Enables mode "steered". */
  steering?: SteeringProvider;
  /** Styles beyond the bundled prompt styles (pair libraries' styles) for prompted summaries. */
  styles?: PromptStyleSource;
}

interface Loaded {
  info: ModelInfo;
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  wrapper: ChatWrapper;
}

export class LocalEngine implements SummaryEngine, RawContinuer {
  private loaded: Loaded | null = null;
  private activity: 'idle' | 'loading' | 'summarizing' = 'idle';
  private disposed = false;
  private steering: SteeringProvider | undefined;
  private readonly templates: PromptTemplates;
  /** Aborts the running summary when the engine is disposed. */
  private runAbort: AbortController | null = null;
  private runFinished: Promise<void> = Promise.resolve();

  constructor(private readonly options: LocalEngineOptions = {}) {
    this.steering = options.steering;
    this.templates = loadPromptTemplates();
  }

  /** Plugs in (or removes) the steering engine after construction. */
  setSteeringProvider(provider: SteeringProvider | undefined): void {
    this.steering = provider;
  }

  currentModel(): ModelInfo | null {
    return this.loaded?.info ?? null;
  }

  /** The loaded native objects, for code that works next to generation (steering, benchmarks). */
  loadedModel(): Readonly<Omit<Loaded, 'info'>> | null {
    return this.loaded;
  }

  async loadModel(path: string, options: LoadModelOptions = {}): Promise<ModelInfo> {
    this.ensureUsable();
    if (this.activity !== 'idle') throw this.busyError();
    this.activity = 'loading';
    try {
      const facts = await inspectModelFile(path);
      await this.unload();
      const llama = await getSharedLlama({ gpu: this.options.gpu });
      let model: LlamaModel;
      try {
        model = await llama.loadModel({ modelPath: path, gpuLayers: options.gpuLayers ?? 'auto' });
      } catch (error) {
        throw new EngineError('model-load-failed', `${basename(path)} could not be loaded: ${(error as Error).message}`, { cause: error });
      }
      try {
        const contextSize = Math.min(options.contextSize ?? DEFAULT_CONTEXT_SIZE, facts.trainContextSize);
        const context = await model.createContext({
          contextSize,
          sequences: 1,
          threads: resolveThreadCount(options.threads ?? this.options.threads),
        });
        const { resolveChatWrapper, GeneralChatWrapper } = await loadNodeLlamaCpp();
        const wrapper = resolveChatWrapper(model) ?? new GeneralChatWrapper();
        const info: ModelInfo = {
          id: basename(path, extname(path)),
          path,
          architecture: facts.architecture,
          nLayer: facts.nLayer,
          nEmbd: facts.nEmbd,
          contextSize: context.contextSize,
          gpu: model.gpuLayers > 0 ? llama.gpu : false,
        };
        this.loaded = { info, llama, model, context, sequence: context.getSequence(), wrapper };
        return info;
      } catch (error) {
        await model.dispose();
        throw new EngineError(
          'model-load-failed',
          `${basename(path)} loaded, but there was not enough memory for its context: ${(error as Error).message}`,
          { cause: error },
        );
      }
    } finally {
      this.activity = 'idle';
    }
  }

  summarize(request: SummaryRequest, signal?: AbortSignal): AsyncIterable<SummaryEvent> {
    return this.runExclusive(request, signal);
  }

  /**
   * A raw continuation of `request.text`: BOS and the text, no chat template, steered when
   * `request.steering` is given (ActAdd's message and article fronts both mean the first text
   * token here). The path the probe, calibration and the original experiment's reproduction use,
   * and the one to compare with llama.cpp's own `--control-vector` on the same prompt.
   */
  async continueText(request: RawContinuationRequest, signal?: AbortSignal): Promise<StageResult> {
    this.ensureUsable();
    if (this.activity !== 'idle') throw this.busyError();
    const loaded = this.loaded;
    if (!loaded) throw new EngineError('no-model', 'No model is loaded. Choose a model before continuing a text.');
    if (!request.text.trim()) throw new EngineError('invalid-request', 'There is no text to continue.');
    const summaryLike: SummaryRequest = {
      article: { title: '', text: request.text },
      mode: request.steering ? 'steered' : 'plain',
      sampling: request.sampling,
      steering: request.steering,
    };
    this.templateFor(summaryLike); // the same sampling checks as a summary
    this.activity = 'summarizing';
    const abort = new AbortController();
    const forward = () => abort.abort();
    signal?.addEventListener('abort', forward, { once: true });
    if (signal?.aborted) abort.abort();
    this.runAbort = abort;
    let finish!: () => void;
    this.runFinished = new Promise((resolve) => (finish = resolve));
    try {
      const bos = loaded.model.tokens.bos;
      const start = bos !== null && loaded.model.tokens.shouldPrependBosToken ? [bos] : [];
      const promptTokens = [...start, ...loaded.model.tokenize(request.text, request.specialTokens ?? false)];
      const hook = request.steering ? await this.createSteeringHook(summaryLike, loaded) : undefined;
      const contextSize = loaded.context.contextSize;
      return await runStage({
        model: loaded.model,
        sequence: loaded.sequence,
        promptTokens,
        maxTokens: generationLimit(contextSize, promptTokens.length, request.sampling.maxTokens),
        sampling: request.sampling,
        signal: abort.signal,
        promptBatchSize: loaded.context.batchSize,
        steering:
          hook && request.steering
            ? {
                hook,
                stage: {
                  llama: loaded.llama,
                  model: loaded.model,
                  context: loaded.context,
                  request: summaryLike,
                  settings: request.steering,
                  landmarks: { message: start.length, article: start.length },
                },
              }
            : undefined,
      });
    } finally {
      signal?.removeEventListener('abort', forward);
      this.runAbort = null;
      this.activity = 'idle';
      finish();
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.runAbort?.abort();
    await this.runFinished;
    await this.unload();
  }

  private async *runExclusive(request: SummaryRequest, signal?: AbortSignal): AsyncGenerator<SummaryEvent, void, void> {
    this.ensureUsable();
    if (this.activity !== 'idle') throw this.busyError();
    const loaded = this.loaded;
    if (!loaded) throw new EngineError('no-model', 'No model is loaded. Choose a model before summarising.');
    this.activity = 'summarizing';
    const abort = new AbortController();
    const forward = () => abort.abort();
    signal?.addEventListener('abort', forward, { once: true });
    if (signal?.aborted) abort.abort();
    this.runAbort = abort;
    let finish!: () => void;
    this.runFinished = new Promise((resolve) => (finish = resolve));
    let hook: SteeringHook | undefined;
    try {
      // Resolved after the engine is marked busy: a library style is read from disk.
      const template = await this.templateFor(request);
      if (request.mode === 'steered') hook = await this.createSteeringHook(request, loaded);
      yield* runSummary({ ...loaded, templates: this.templates, template, steeringHook: hook }, request, abort.signal);
    } finally {
      signal?.removeEventListener('abort', forward);
      this.runAbort = null;
      this.activity = 'idle';
      finish();
    }
  }

  private async templateFor(request: SummaryRequest): Promise<PromptTemplate> {
    if (!request.article.text.trim()) throw new EngineError('invalid-request', 'The article has no text to summarise.');
    const { maxTokens, temperature, topP, repeatPenalty } = request.sampling;
    if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new EngineError('invalid-request', 'The summary length must be at least one token.');
    if (!(temperature >= 0)) throw new EngineError('invalid-request', 'The temperature cannot be negative.');
    if (!(topP > 0 && topP <= 1)) throw new EngineError('invalid-request', 'Top-p must be above 0 and at most 1.');
    if (!(repeatPenalty > 0)) throw new EngineError('invalid-request', 'The repeat penalty must be above 0.');
    return summaryTemplateFor(this.templates, request, this.options.styles);
  }

  private async createSteeringHook(request: SummaryRequest, loaded: Loaded): Promise<SteeringHook> {
    if (!this.steering) throw new EngineError('invalid-request', 'Steered mode needs the steering engine, which is not available here.');
    if (!request.steering) throw new EngineError('invalid-request', 'A steered summary needs steering settings.');
    return this.steering.createHook(request.steering, { llama: loaded.llama, model: loaded.model, context: loaded.context });
  }

  private async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = null;
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
  }

  private ensureUsable(): void {
    if (this.disposed) throw new EngineError('invalid-request', 'The engine has been shut down.');
  }

  private busyError(): EngineError {
    return new EngineError(
      'busy',
      this.activity === 'loading' ? 'A model is still loading. Try again when it is ready.' : 'A summary is already being written. Wait for it or cancel it first.',
    );
  }
}
