/** Which view fills the main area: composing, managing models, or the first-run welcome. */
export type ViewName = 'compose' | 'models' | 'onboarding';

class NavStore {
  view = $state<ViewName>('compose');

  go(view: ViewName): void {
    this.view = view;
  }
}

export const nav = new NavStore();
