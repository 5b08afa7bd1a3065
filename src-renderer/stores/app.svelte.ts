/** What the shell told us about itself: version, where it runs, the styles it offers. */
import { invoke, toApiError, type ApiError, type AppInfo } from '../lib/api';

class AppStore {
  info = $state.raw<AppInfo | null>(null);
  error = $state.raw<ApiError | null>(null);

  get shell(): AppInfo['shell'] {
    return this.info?.shell ?? 'electron';
  }

  get styles(): AppInfo['styles'] {
    return this.info?.styles ?? [];
  }

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
