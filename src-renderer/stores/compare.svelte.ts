/**
 * Comparisons: the configurations the writer lined up, the one running (rows arrive as each
 * configuration is written and scored), the one shown, and the saved ones. A comparison is saved
 * in the history also when it is stopped part-way, so it can be resumed by id. Events may arrive
 * before `compare.start` answers with the job id; the job follower holds and replays them.
 */
import type { Article } from '../../src-main/ipc/contract';
import type { SamplingSettings } from '../../src-main/ipc/contract';
import type { CompareConfig, ComparisonResult, ComparisonRow, ComparisonSummary } from '../../src-main/ipc/contract';
import { ApiError, invoke, toApiError } from '../lib/api';
import { titleForFileName } from '../lib/format';
import { isBusy, onJobEvents, type JobEvent } from '../lib/job-events';
import { JobFollower } from '../lib/job-follower';
import { toasts } from './toasts.svelte';

export type ComparePhase = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'error';

/** What the table shows: a comparison running now, or one opened from the saved list. */
export interface ShownComparison {
  /** Saved id; null until the running one has been saved. */
  id: string | null;
  title: string;
  configs: CompareConfig[];
  result: ComparisonResult | null;
  createdAt?: string;
  modelId?: string;
}

type CompareEvent = JobEvent<'compare', 'progress' | 'done' | 'error'>;

const LIST_SIZE = 50;

/** A file name from the article's title. */
export function comparisonFileName(title: string): string {
  const base = titleForFileName(title);
  return `${base || 'Article'} comparison.md`;
}

class CompareStore {
  /** The configurations for the next comparison. */
  configs = $state<CompareConfig[]>([{ id: 'plain', label: 'Plain', mode: 'plain' }]);
  judge = $state(false);

  phase = $state<ComparePhase>('idle');
  /** The configuration being written now, and how many are finished. */
  current = $state<string | null>(null);
  done = $state(0);
  total = $state(0);
  rows = $state.raw<ComparisonRow[]>([]);
  shown = $state.raw<ShownComparison | null>(null);
  cancelled = $state(false);
  error = $state.raw<ApiError | null>(null);

  list = $state.raw<ComparisonSummary[]>([]);
  listTotal = $state(0);
  listError = $state.raw<ApiError | null>(null);

  #edited = false;
  #job = new JobFollower<CompareEvent>({
    belongs: (event, jobId) => event.payload.jobId === jobId,
    apply: (event) => this.#apply(event),
  });

  get busy(): boolean {
    return isBusy(this.phase);
  }

  connect(): () => void {
    return onJobEvents('compare', ['progress', 'done', 'error'], (event) => this.#job.receive(event));
  }

  /**
   * Adds a configuration of a mode the line-up lacks, unless the writer has changed the line-up:
   * a comparison opens as plain against prompted against steered, filled in as the styles and the
   * steering settings become known.
   */
  suggest(config: Omit<CompareConfig, 'id'>, idBase: string): void {
    if (this.#edited || this.configs.some((existing) => existing.mode === config.mode)) return;
    this.#append(config, idBase);
  }

  add(config: Omit<CompareConfig, 'id'>, idBase: string): void {
    this.#edited = true;
    this.#append(config, idBase);
  }

  #append(config: Omit<CompareConfig, 'id'>, idBase: string): void {
    const taken = new Set(this.configs.map((c) => c.id));
    let id = idBase;
    for (let n = 2; taken.has(id); n++) id = `${idBase}-${n}`;
    this.configs.push({ ...config, id });
  }

  remove(id: string): void {
    this.#edited = true;
    this.configs = this.configs.filter((config) => config.id !== id);
  }

  async start(article: Article, sampling: SamplingSettings): Promise<void> {
    const configs = $state.snapshot(this.configs) as CompareConfig[];
    await this.#run({ id: null, title: article.title, configs, result: null }, () =>
      invoke('compare.start', { article, configs, sampling, judge: this.judge }),
    );
  }

  /** Continues a saved comparison that was stopped part-way: finished rows are kept. */
  async resume(id: string): Promise<void> {
    if (this.busy) return;
    let saved;
    try {
      saved = await invoke('compare.get', { id });
    } catch (error) {
      this.error = toApiError(error);
      return;
    }
    const { result } = saved;
    const article: Article = { ...saved.article, format: 'pasted' };
    await this.#run({ id, title: saved.article.title, configs: result.configs, result, createdAt: saved.createdAt, modelId: saved.modelId }, () =>
      invoke('compare.start', { article, configs: result.configs, sampling: result.sampling, judge: result.judge, resumeId: id }),
    );
  }

  async #run(shown: ShownComparison, begin: () => Promise<{ jobId: string }>): Promise<void> {
    if (this.busy) return;
    this.phase = 'starting';
    this.shown = shown;
    this.rows = shown.result?.rows ?? [];
    this.current = null;
    this.done = this.rows.filter((row) => !row.error).length;
    this.total = shown.configs.length;
    this.cancelled = false;
    this.error = null;
    try {
      await this.#job.start(begin, {
        idOf: (answer) => answer.jobId,
        started: () => {
          if (this.phase === 'starting') this.phase = 'running';
        },
      });
    } catch (error) {
      this.phase = 'error';
      this.error = toApiError(error);
    }
  }

  async cancel(): Promise<void> {
    const jobId = this.#job.id;
    if (!jobId || this.phase !== 'running') return;
    this.phase = 'stopping';
    try {
      await invoke('compare.cancel', { jobId });
    } catch (error) {
      // It may have finished meanwhile; its own done or error event settles the phase.
      if (this.phase === 'stopping') this.error = toApiError(error);
    }
  }

  #apply(event: CompareEvent): void {
    if (event.kind === 'progress') {
      const progress = event.payload;
      this.total = progress.total;
      if (progress.type === 'start') {
        this.current = progress.configId;
        this.done = progress.done;
        return;
      }
      this.done = progress.done;
      this.#putRow(progress.row);
      if (this.current === progress.configId) this.current = null;
    } else if (event.kind === 'done') {
      const { result, comparisonId, cancelled } = event.payload;
      this.rows = result.rows;
      this.shown = { ...(this.shown ?? { title: result.article.title, configs: result.configs }), id: comparisonId, configs: result.configs, result };
      this.cancelled = cancelled;
      this.current = null;
      this.phase = 'done';
      void this.refreshList();
    } else {
      this.error = new ApiError(event.payload.code, event.payload.message);
      this.current = null;
      this.phase = 'error';
      void this.refreshList();
    }
  }

  #putRow(row: ComparisonRow): void {
    this.rows = [...this.rows.filter((r) => r.config.id !== row.config.id), row];
  }

  async refreshList(): Promise<void> {
    try {
      const { items, total } = await invoke('compare.list', { limit: LIST_SIZE });
      this.list = items;
      this.listTotal = total;
      this.listError = null;
    } catch (error) {
      this.listError = toApiError(error);
    }
  }

  /** Shows a saved comparison. */
  async open(id: string): Promise<void> {
    if (this.busy) return;
    try {
      const saved = await invoke('compare.get', { id });
      this.shown = { id, title: saved.article.title, configs: saved.result.configs, result: saved.result, createdAt: saved.createdAt, modelId: saved.modelId };
      this.rows = saved.result.rows;
      this.phase = 'idle';
      this.cancelled = false;
      this.error = null;
    } catch (error) {
      this.error = toApiError(error);
    }
  }

  /** Asks where to save, then writes the shown comparison as Markdown; false when the writer cancelled. */
  async exportShown(): Promise<boolean> {
    const shown = this.shown;
    if (!shown?.id) return false;
    const target = await invoke('dialog.saveFile', { defaultName: comparisonFileName(shown.title), format: 'md' });
    if (!target) return false;
    const written = await invoke('compare.export', { id: shown.id, path: target.handle });
    toasts.show(`Exported the comparison to ${written.path}`);
    return true;
  }
}

export const compare = new CompareStore();
