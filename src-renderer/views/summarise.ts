/** The Summarise action, shared by the button and the Ctrl+Enter shortcut. */
import { article } from '../stores/article.svelte';
import { engine } from '../stores/engine.svelte';
import { settings } from '../stores/settings.svelte';
import { steering } from '../stores/steering.svelte';
import { summary } from '../stores/summary.svelte';

/** Why Summarise cannot run right now, in words for the writer; null when it can. */
export function summariseBlocker(): string | null {
  if (summary.busy) return 'A summary is being written.';
  if (!article.current) return 'Add an article first.';
  if (engine.recovering !== null) return 'Waiting for the engine to restart.';
  if (engine.state.state === 'crashed') return 'The engine has stopped. Choose a model to start it again.';
  if (engine.state.state === 'loading' || engine.loading) return 'Waiting for the model to load.';
  if (!engine.model) return 'Choose a model first.';
  if (settings.mode === 'steered') {
    if (steering.prompt === 'styled' && !settings.style) return 'Choose the style whose prompt goes under the vector.';
    return steering.blocker();
  }
  if (settings.mode === 'prompted' && !settings.style) return 'Choose a style first.';
  return null;
}

export function summarise(): void {
  const current = article.current;
  if (!current || summariseBlocker() !== null) return;
  void summary.start({
    article: current,
    mode: settings.mode,
    style: settings.mode === 'prompted' || (settings.mode === 'steered' && steering.prompt === 'styled') ? settings.style : undefined,
    sampling: settings.requestSampling(),
    steering: settings.mode === 'steered' ? steering.request() : undefined,
  });
}
