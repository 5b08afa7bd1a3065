/**
 * Sweeps in the window: the one shown (running here, or opened from the saved list), its cells
 * as they arrive, its baselines and best cell; the saved sweeps with the interrupted ones, which
 * resume by id. A sweep runs in the engine whether or not its view is open, so the events are
 * followed from app start. Events can arrive before `sweep.start` answers with the sweep id;
 * the job follower holds and replays them.
 */
import type { Article } from '../../src-main/ipc/contract';
import type { SteeringMethod } from '../../src-main/ipc/contract';
import type {
  BestPick,
  RequestArgs,
  StyleScoreName,
  SweepBaselines,
  SweepCell,
  SweepDetail,
  SweepListItem,
  SweepStatus,
} from '../../src-main/ipc/contract';
import { ApiError, invoke, toApiError } from '../lib/api';
import { titleForFileName } from '../lib/format';
import { isBusy, onJobEvents, type JobEvent } from '../lib/job-events';
import { JobFollower } from '../lib/job-follower';
import { toasts } from './toasts.svelte';

export interface SweepShape {
  /** '' until `sweep.start` answers. */
  id: string;
  title: string;
  style: string;
  pairId?: string;
  vectorPath?: string;
  methods: SteeringMethod[];
  layers: number[];
  coefficients: number[];
  styleScore: StyleScoreName;
  modelId?: string;
}

export type ShownStatus = SweepStatus | 'interrupted' | 'starting' | 'stopping';

type SweepEvent = JobEvent<'sweep', 'baseline' | 'cell' | 'done' | 'error'>;

/** The engine's own default (sweep.ts): the archaic rate for Shakespearean styles, else contrast. */
function defaultStyleScore(style: string, pairId?: string): StyleScoreName {
  return /shakespear/i.test(`${style} ${pairId ?? ''}`) ? 'archaic' : 'contrast';
}

export function sweepFileName(title: string, format: 'csv' | 'json'): string {
  const base = titleForFileName(title);
  return `${base || 'Article'} sweep.${format}`;
}

/** The pair a preset from this sweep belongs to; null for a sweep of a vector file. */
export function presetPairOf(shape: Pick<SweepShape, 'pairId' | 'vectorPath' | 'style'>): string | null {
  if (shape.vectorPath) return null;
  return shape.pairId ?? shape.style;
}

class SweepStore {
  shown = $state.raw<SweepShape | null>(null);
  status = $state<ShownStatus>('running');
  cells = $state.raw<SweepCell[]>([]);
  baselines = $state.raw<SweepBaselines>({});
  best = $state.raw<BestPick | null>(null);
  /** Why the best cell is best, or why there is none (from the engine). */
  reason = $state<string | null>(null);
  done = $state(0);
  total = $state(0);
  error = $state.raw<ApiError | null>(null);

  list = $state.raw<SweepListItem[]>([]);
  unreadable = $state.raw<{ id: string; message: string }[]>([]);
  listError = $state.raw<ApiError | null>(null);

  /** Follows the shown sweep: the one started here, or a saved one opened. */
  #job = new JobFollower<SweepEvent>({
    belongs: (event, sweepId) => event.payload.sweepId === sweepId,
    apply: (event) => this.#apply(event),
    // Another sweep (or one of another window) that ends changes the saved list.
    other: (event) => {
      if (event.kind === 'done' || event.kind === 'error') void this.refreshList();
    },
  });

  /** A sweep of this window is being started, runs or stops. */
  get busy(): boolean {
    return this.shown !== null && isBusy(this.status);
  }

  connect(): () => void {
    return onJobEvents('sweep', ['baseline', 'cell', 'done', 'error'], (event) => this.#job.receive(event));
  }

  async start(args: RequestArgs<'sweep.start'>): Promise<void> {
    if (this.busy) return;
    this.#show(
      {
        id: '',
        title: args.article.title,
        style: args.style,
        pairId: args.pairId,
        vectorPath: args.vectorPath,
        methods: args.methods,
        layers: args.layers,
        coefficients: args.coefficients,
        styleScore: args.styleScore ?? defaultStyleScore(args.style, args.pairId),
      },
      'starting',
    );
    await this.#begin(args, null);
  }

  /** Continues a saved sweep with the settings it was started with: finished cells are kept. */
  async resume(sweepId: string): Promise<void> {
    if (this.busy) return;
    const detail = await this.#detail(sweepId);
    if (!detail) return;
    this.#showDetail(detail, 'starting');
    const { request } = detail;
    const article = { ...request.article, format: request.article.format as Article['format'] };
    await this.#begin({ ...request, article, resumeId: sweepId }, detail.entry.status);
  }

  async open(sweepId: string): Promise<void> {
    if (this.busy && this.shown?.id !== sweepId) return;
    const detail = await this.#detail(sweepId);
    if (detail) this.#showDetail(detail, detail.entry.status);
  }

  async cancel(): Promise<void> {
    const id = this.shown?.id;
    if (!id || this.status !== 'running') return;
    this.status = 'stopping';
    try {
      await invoke('sweep.cancel', { sweepId: id });
    } catch (error) {
      // It may have finished meanwhile; its own done or error event settles the state.
      this.error = toApiError(error);
    }
  }

  async refreshList(): Promise<void> {
    try {
      const { items, unreadable } = await invoke('sweep.list', {});
      this.list = items;
      this.unreadable = unreadable;
      this.listError = null;
    } catch (error) {
      this.listError = toApiError(error);
    }
  }

  /** Asks where to save, then writes the shown sweep's results; false when the writer cancelled. */
  async exportShown(format: 'csv' | 'json'): Promise<boolean> {
    const shown = this.shown;
    if (!shown?.id) return false;
    const target = await invoke('dialog.saveFile', { defaultName: sweepFileName(shown.title, format), format });
    if (!target) return false;
    const written = await invoke('sweep.export', { sweepId: shown.id, format, path: target.handle });
    toasts.show(`Exported the sweep to ${written.path}`);
    return true;
  }

  async #detail(sweepId: string): Promise<SweepDetail | null> {
    try {
      this.error = null;
      return await invoke('sweep.get', { sweepId });
    } catch (error) {
      this.error = toApiError(error);
      return null;
    }
  }

  /** `before`: the status to go back to when a resumed sweep cannot start; null for a new one. */
  async #begin(args: RequestArgs<'sweep.start'>, before: ShownStatus | null): Promise<void> {
    try {
      await this.#job.start(() => invoke('sweep.start', args), {
        idOf: (answer) => answer.sweepId,
        // A resumed sweep keeps its id, so its events are followed while the request is on its way.
        knownId: args.resumeId,
        started: ({ sweepId }) => {
          if (this.shown) this.shown = { ...this.shown, id: sweepId };
          if (this.status === 'starting') this.status = 'running';
        },
      });
    } catch (error) {
      this.error = toApiError(error);
      if (before === null) this.shown = null;
      else this.status = before;
    }
    void this.refreshList();
  }

  #show(shape: SweepShape, status: ShownStatus): void {
    this.shown = shape;
    this.status = status;
    this.cells = [];
    this.baselines = {};
    this.best = null;
    this.reason = null;
    this.done = 0;
    this.total = shape.methods.length * shape.layers.length * shape.coefficients.length;
    this.error = null;
  }

  #showDetail(detail: SweepDetail, status: ShownStatus): void {
    const { entry, request, result, progress } = detail;
    this.#job.follow(entry.id);
    this.#show(
      {
        id: entry.id,
        title: entry.title,
        style: entry.style,
        pairId: entry.pairId,
        vectorPath: entry.vectorPath,
        methods: entry.methods,
        layers: entry.layers,
        coefficients: entry.coefficients,
        styleScore: result?.styleScore ?? request.styleScore ?? defaultStyleScore(entry.style, entry.pairId),
        modelId: entry.modelId,
      },
      entry.running ? 'running' : status,
    );
    // The checkpoint is newer than the last result while a sweep runs or after it was interrupted.
    this.cells = progress?.cells ?? result?.cells ?? [];
    this.baselines = progress?.baselines ?? result?.baselines ?? {};
    this.best = result && !entry.running ? result.best : null;
    this.reason = result && !entry.running ? (entry.bestReason ?? null) : null;
    this.done = this.cells.filter((cell) => !cell.error).length;
    this.total = entry.total;
    if (entry.status === 'failed' && entry.message) this.error = new ApiError('sweep.failed', entry.message);
  }

  #apply(event: SweepEvent): void {
    switch (event.kind) {
      case 'baseline':
        this.baselines = { ...this.baselines, [event.payload.which]: event.payload.baseline };
        break;
      case 'cell': {
        const { cell, done, total } = event.payload;
        this.cells = [...this.cells.filter((c) => c.key !== cell.key), cell];
        this.done = done;
        this.total = total;
        break;
      }
      case 'done': {
        const { result, best, reason, complete, cancelled } = event.payload;
        this.cells = result.cells;
        this.baselines = result.baselines;
        this.best = best;
        this.reason = reason;
        this.done = result.cells.filter((cell) => !cell.error).length;
        this.total = result.total;
        if (this.shown) this.shown = { ...this.shown, styleScore: result.styleScore };
        this.status = complete ? 'complete' : cancelled ? 'cancelled' : 'incomplete';
        void this.refreshList();
        break;
      }
      case 'error':
        this.error = new ApiError(event.payload.code, event.payload.message);
        this.status = 'failed';
        void this.refreshList();
        break;
    }
  }
}

export const sweep = new SweepStore();
