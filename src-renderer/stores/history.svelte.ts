/**
 * Saved results: the searchable list, the record the writer re-opened, and the selection that
 * export and delete act on. The list refreshes itself when a summary finishes.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { DocumentFormat, HistoryRecord, HistorySummary } from '../../src-main/ipc/contract';
import { debounce } from '../lib/debounce';
import { invoke, on, toApiError, type ApiError } from '../lib/api';
import { titleForFileName } from '../lib/format';

const PAGE_SIZE = 100;
const SEARCH_DELAY_MS = 250;

export interface ExportOutcome {
  path: string;
  bytes: number;
  count: number;
}

class HistoryStore {
  items = $state.raw<HistorySummary[]>([]);
  total = $state(0);
  /** True when a broad search stopped counting at `total`: more results match. */
  capped = $state(false);
  query = $state('');
  /** The query the shown items answer; differs from `query` while the writer is typing. */
  shownQuery = $state('');
  loading = $state(false);
  error = $state.raw<ApiError | null>(null);
  selected = new SvelteSet<string>();
  opened = $state.raw<HistoryRecord | null>(null);
  openError = $state.raw<ApiError | null>(null);

  #request = 0;
  #searchSoon = debounce(() => void this.refresh(), SEARCH_DELAY_MS);

  connect(): () => void {
    return on('summary.done', () => void this.refresh());
  }

  setQuery(query: string): void {
    this.query = query;
    this.#searchSoon();
  }

  async refresh(): Promise<void> {
    this.#searchSoon.cancel();
    const request = ++this.#request;
    const query = this.query.trim();
    this.loading = true;
    try {
      const result = await invoke('history.list', { ...(query ? { query } : {}), limit: PAGE_SIZE, offset: 0 });
      // A slower, older search must not overwrite a newer one.
      if (request !== this.#request) return;
      this.items = result.items;
      this.total = result.total;
      this.capped = result.capped;
      this.shownQuery = query;
      this.error = null;
      const present = new Set(result.items.map((item) => item.id));
      for (const id of [...this.selected]) if (!present.has(id)) this.selected.delete(id);
    } catch (error) {
      if (request === this.#request) this.error = toApiError(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  toggle(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
  }

  async open(id: string): Promise<void> {
    try {
      this.opened = await invoke('history.get', { id });
      this.openError = null;
    } catch (error) {
      this.openError = toApiError(error);
    }
  }

  close(): void {
    this.opened = null;
    this.openError = null;
  }

  async remove(ids: string[]): Promise<number> {
    const { deleted } = await invoke('history.delete', { ids });
    for (const id of ids) this.selected.delete(id);
    if (this.opened && ids.includes(this.opened.id)) this.opened = null;
    await this.refresh();
    return deleted;
  }

  /** Asks where to save, then writes the records. Null when the writer cancelled the dialog. */
  async export(ids: string[], format: DocumentFormat, defaultName: string): Promise<ExportOutcome | null> {
    const target = await invoke('dialog.saveFile', { defaultName, format });
    if (!target) return null;
    const written = await invoke('history.export', { ids, format, path: target.handle });
    return { ...written, count: ids.length };
  }
}

export const history = new HistoryStore();

/** A file name a writer would recognise: the title for one record, a dated name for several. */
export function exportFileName(titles: string[], format: DocumentFormat): string {
  const base =
    titles.length === 1
      ? titleForFileName(titles[0])
      : `Steerling summaries ${new Date().toISOString().slice(0, 10)}`;
  return `${base || 'Steerling summary'}.${format}`;
}
