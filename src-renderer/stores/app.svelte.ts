/** What the shell told us about itself: version, where it runs, the styles it offers. */
import { invoke, toApiError, type ApiError, type AppInfo } from '../lib/api';
import { libraries, pairReference } from './libraries.svelte';

export interface StyleChoice {
  /** What a summary request names: a bundled style id, or `library:style` for a writer's own. */
  id: string;
  label: string;
}

class AppStore {
  info = $state.raw<AppInfo | null>(null);
  error = $state.raw<ApiError | null>(null);

  get shell(): AppInfo['shell'] {
    return this.info?.shell ?? 'electron';
  }

  /**
   * Every style a summary can be written in, the same list wherever one is chosen (prompted,
   * steered + prompted, compare, the sweep's baseline) and the same styles steered mode offers:
   * the built-in library's, then the writer's own libraries'. The engine prompts a style that has
   * no hand-written prompt from its pairs. Derived once per change: pickers read it per option.
   */
  readonly styles: StyleChoice[] = $derived.by(() => {
    const bundled = this.info?.styles ?? [];
    const choices: StyleChoice[] = [];
    for (const library of libraries.libraries) {
      const own = library.id !== 'builtin';
      for (const style of library.styles) {
        const id = pairReference(library.id, style.id, '');
        const prompt = own ? undefined : bundled.find((candidate) => candidate.id === id);
        choices.push({ id, label: prompt?.label ?? (own ? `${style.name} (${library.name})` : style.name) });
      }
    }
    // Before the libraries are read, and for a bundled prompt style no library holds.
    for (const prompt of bundled) if (!choices.some((choice) => choice.id === prompt.id)) choices.push(prompt);
    return choices;
  });

  styleLabel(id: string | null | undefined): string | null {
    if (!id) return null;
    return this.styles.find((style) => style.id === id)?.label ?? id;
  }

  async load(): Promise<void> {
    try {
      this.info = await invoke('app.info', {});
      this.error = null;
    } catch (error) {
      this.error = toApiError(error);
    }
  }
}

export const app = new AppStore();
