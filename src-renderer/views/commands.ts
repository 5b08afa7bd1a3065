/**
 * What Ctrl+O, Ctrl+F and Ctrl+E (and the File and Edit menus that carry them in the app) do:
 * open an article, search the history, export the summary on screen.
 */
import type { AppCommand } from '../../src-main/ipc/contract';
import { toApiError } from '../lib/api';
import { baseName } from '../lib/format';
import { exportFileName, history } from '../stores/history.svelte';
import { nav } from '../stores/nav.svelte';
import { summary } from '../stores/summary.svelte';
import { toasts } from '../stores/toasts.svelte';

let openArticle: (() => void) | null = null;

/** The article picker in view registers how it opens a file (a dialog, or the browser's input). */
export function onOpenArticle(open: () => void): () => void {
  openArticle = open;
  return () => {
    if (openArticle === open) openArticle = null;
  };
}

export function runCommand(command: AppCommand): void {
  switch (command) {
    case 'open-article':
      history.close();
      nav.go('compose');
      // The picker is there once the compose view has drawn.
      queueMicrotask(() => openArticle?.());
      return;
    case 'find':
      nav.toggleHistory(true);
      queueMicrotask(() => document.getElementById('history-search')?.focus());
      return;
    case 'export-summary':
      void exportShown();
      return;
  }
}

/** The saved summary open from the history, else the one just written. */
async function exportShown(): Promise<void> {
  const record = history.opened ?? (nav.view === 'compose' && summary.phase === 'done' ? summary.record : null);
  if (!record) {
    toasts.show('There is no summary on screen to export', 'info');
    return;
  }
  try {
    const outcome = await history.export([record.id], 'txt', exportFileName([record.article.title], 'txt'));
    if (outcome) toasts.show(`Exported the summary to ${baseName(outcome.path)}`);
  } catch (error) {
    toasts.show(`The summary could not be exported: ${toApiError(error).message}`, 'info');
  }
}
