/**
 * Which main view shows: composing (and re-opened records), the models, the first-run welcome
 * screen, or the pair library editor.
 */
export type ViewName = 'compose' | 'models' | 'onboarding' | 'libraries';

class NavStore {
  view = $state<ViewName>('compose');

  go(view: ViewName): void {
    this.view = view;
  }
}

export const nav = new NavStore();
