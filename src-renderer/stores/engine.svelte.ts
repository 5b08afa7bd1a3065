/** The engine process as the writer sees it: which model is loaded, and whether it is healthy. */
import type { ModelInfo } from '../../src-main/ipc/contract';
import type { EngineState } from '../../src-main/ipc/contract';
import { invoke, on, toApiError, type ApiError } from '../lib/api';

class EngineStore {
  state = $state.raw<EngineState>({ state: 'starting' });
  model = $state.raw<ModelInfo | null>(null);
  error = $state.raw<ApiError | null>(null);
  /** True while the writer's own model request is in flight. */
  loading = $state(false);
  /**
   * The crash message while the engine restarts: the restart passes through "starting" and
   * "loading", and the writer should keep hearing why until it is ready again.
   */
  recovering = $state<string | null>(null);

  get ready(): boolean {
    return this.state.state === 'ready' && this.model !== null;
  }

  connect(): () => void {
    return on('engine.state', (state) => {
      this.state = state;
      if (state.state === 'ready') {
        this.model = state.model;
        this.recovering = null;
      } else if (state.state === 'crashed') {
        this.model = null;
        this.recovering = state.restarting ? state.message || 'The engine stopped unexpectedly and is restarting.' : null;
      }
    });
  }

  async refresh(): Promise<void> {
    try {
      const model = await invoke('models.current', {});
      this.model = model;
      // An event may already have said something more specific (loading, crashed).
      if (this.state.state === 'starting') this.state = { state: 'ready', model };
    } catch (error) {
      this.error = toApiError(error);
    }
  }

  /** Asks for a GGUF file and loads it; the file's handle when it loaded, else null. */
  async chooseModel(): Promise<string | null> {
    try {
      const picked = await invoke('dialog.openFile', { kind: 'model' });
      if (picked && (await this.load(picked.handle))) return picked.handle;
    } catch (error) {
      this.error = toApiError(error);
    }
    return null;
  }

  async load(path: string): Promise<boolean> {
    this.loading = true;
    this.error = null;
    try {
      this.model = await invoke('models.load', { path });
      this.state = { state: 'ready', model: this.model };
      this.recovering = null;
      return true;
    } catch (error) {
      this.error = toApiError(error);
      return false;
    } finally {
      this.loading = false;
    }
  }

  /** Loads an installed model by its id; true when it is ready. */
  async use(id: string): Promise<boolean> {
    this.loading = true;
    this.error = null;
    try {
      this.model = await invoke('models.use', { id });
      this.state = { state: 'ready', model: this.model };
      this.recovering = null;
      return true;
    } catch (error) {
      this.error = toApiError(error);
      return false;
    } finally {
      this.loading = false;
    }
  }

  dismissError(): void {
    this.error = null;
  }
}

export const engine = new EngineStore();
