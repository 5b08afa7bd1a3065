/** Why a comparison or sweep cannot start right now: they need the article, the model, and the model to be free. */
import { article } from '../stores/article.svelte';
import { compare } from '../stores/compare.svelte';
import { engine } from '../stores/engine.svelte';
import { summary } from '../stores/summary.svelte';
import { sweep } from '../stores/sweep.svelte';

/** `needsArticle: false` for resuming, which uses the article it was started with. */
export function evaluationBlocker(needsArticle = true): string | null {
  if (needsArticle && !article.current) return 'Add an article first.';
  if (engine.recovering !== null) return 'Waiting for the engine to restart.';
  if (engine.state.state === 'loading' || engine.loading) return 'Waiting for the model to load.';
  if (!engine.model) return 'Choose a model first.';
  if (summary.busy) return 'A summary is being written; wait for it or stop it first.';
  if (compare.busy) return 'A comparison is running; wait for it or cancel it first.';
  if (sweep.busy) return 'A sweep is running; wait for it or cancel it first.';
  return null;
}
