/**
 * Which main view shows: composing (and re-opened records), the models, the first-run welcome
 * screen, the pair library editor, or evaluation (compare configurations, sweep layers × strengths).
 */
export type ViewName = 'compose' | 'models' | 'onboarding' | 'libraries' | 'compare' | 'sweep';

class NavStore {
  view = $state<ViewName>('compose');

  go(view: ViewName): void {
    this.view = view;
  }
}

export const nav = new NavStore();
