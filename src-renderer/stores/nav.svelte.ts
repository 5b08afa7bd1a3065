/**
 * Which main view shows: composing (and re-opened records), the models, the first-run welcome
 * screen, the pair library editor, or evaluation (compare configurations, sweep layers × strengths).
 */
export type ViewName = 'compose' | 'models' | 'onboarding' | 'libraries' | 'compare' | 'sweep';

const HISTORY_KEY = 'steerling.history-shown';

function readHistoryShown(): boolean {
  try {
    return localStorage.getItem(HISTORY_KEY) !== 'false';
  } catch {
    return true;
  }
}

class NavStore {
  view = $state<ViewName>('compose');
  /** The history sidebar; hidden, it leaves its width to the work (a small window). */
  historyShown = $state(readHistoryShown());

  toggleHistory(shown = !this.historyShown): void {
    this.historyShown = shown;
    try {
      localStorage.setItem(HISTORY_KEY, String(shown));
    } catch {
      // Storage can be full or disabled; the choice then lasts for this session only.
    }
  }

  go(view: ViewName): void {
    this.view = view;
  }
}

export const nav = new NavStore();
