/**
 * The `settings.*` channels: the writer's download server, access token and model-loading choices,
 * kept by the shell's SettingsStore and handed to the ModelManager (per request, so a change
 * applies to the next download) and to every model load. The token goes in and never comes out.
 */
import type { LoadModelOptions } from '../core/engine/types';
import { CatalogError, normaliseHubEndpoint } from '../core/models/catalog';
import type { AccessTokenProvider } from '../core/models/hub-request';
import type { ParsedArgs, RequestResult } from './contract';
import { IpcError } from './ipc-error';
import type { AccessTokenSource, ModelSettings, SettingsView } from './settings-schema';
import type { SettingsStore } from './settings-store';

export interface ModelSettingsOptions {
  store: SettingsStore;
  /** The shell's own download server (the CLI's --hub, a test's hub); it wins over the saved one. */
  shellHubEndpoint?: string | (() => string | null | undefined);
  /** The shell's token source (HF_TOKEN in a terminal); used when the writer has set none. */
  shellAccessToken?: AccessTokenProvider;
}

export class ModelSettingsService {
  /** A token the store could not keep safely: it lasts until the app closes. */
  private sessionToken: string | null = null;
  private cached: ModelSettings | undefined;

  constructor(private readonly options: ModelSettingsOptions) {}

  settings(): ModelSettings {
    this.cached ??= this.options.store.read();
    return { ...this.cached };
  }

  /** For ModelManager's `hubEndpoint` option: the shell's choice, else the writer's, else null (env, catalog). */
  hubEndpoint(): string | null {
    const shell = typeof this.options.shellHubEndpoint === 'function' ? this.options.shellHubEndpoint() : this.options.shellHubEndpoint;
    return shell || this.settings().hubEndpoint;
  }

  /** For ModelManager's `accessToken` option: asked on each request to the hub. */
  readonly accessToken = async (): Promise<string | null> => (await this.tokenWithSource())?.token ?? null;

  /** How to load a model: the writer's settings, an explicit context size winning. Undefined when all are defaults. */
  loadOptions(contextSize?: number): LoadModelOptions | undefined {
    const { gpuLayers, threads, contextSize: savedContext } = this.settings();
    const options: LoadModelOptions = {};
    const context = contextSize ?? savedContext;
    if (context !== null && context !== undefined) options.contextSize = context;
    if (gpuLayers !== 'auto') options.gpuLayers = gpuLayers;
    if (threads !== null) options.threads = threads;
    return Object.keys(options).length > 0 ? options : undefined;
  }

  async view(effectiveHubEndpoint: () => Promise<string>): Promise<SettingsView> {
    const settings = this.settings();
    const token = await this.tokenWithSource();
    let effective: string;
    try {
      effective = await effectiveHubEndpoint();
    } catch {
      // A hand-edited settings file may hold a broken address; downloads will say so in words.
      effective = this.hubEndpoint() ?? '';
    }
    return {
      ...settings,
      effectiveHubEndpoint: effective,
      hasAccessToken: token !== null,
      accessTokenSource: token?.source ?? null,
      canSaveAccessToken: await this.options.store.canSaveAccessToken(),
    };
  }

  async update(patch: ParsedArgs<'settings.set'>): Promise<void> {
    const next = this.settings();
    if (patch.hubEndpoint !== undefined) next.hubEndpoint = patch.hubEndpoint ? validHubEndpoint(patch.hubEndpoint) : null;
    if (patch.gpuLayers !== undefined) next.gpuLayers = patch.gpuLayers;
    if (patch.threads !== undefined) next.threads = patch.threads;
    if (patch.contextSize !== undefined) next.contextSize = patch.contextSize;
    const changed = (Object.keys(next) as (keyof ModelSettings)[]).some((key) => next[key] !== this.settings()[key]);
    if (changed) {
      try {
        await this.options.store.write(next);
      } catch (cause) {
        throw new IpcError('settings.not-saved', `The settings could not be saved (${cause instanceof Error ? cause.message : String(cause)}).`, { cause });
      }
      this.cached = next;
    }
    if (patch.accessToken !== undefined) await this.setToken(patch.accessToken || null);
  }

  private async setToken(token: string | null): Promise<void> {
    this.sessionToken = null;
    let saved: boolean;
    try {
      saved = await this.options.store.writeAccessToken(token);
    } catch (cause) {
      saved = false;
      console.error('steerling: the access token could not be saved', cause);
    }
    if (token !== null && !saved) this.sessionToken = token;
  }

  private async tokenWithSource(): Promise<{ token: string; source: AccessTokenSource } | null> {
    if (this.sessionToken) return { token: this.sessionToken, source: 'session' };
    const saved = await this.options.store.readAccessToken();
    if (saved) return { token: saved, source: 'saved' };
    const shell = await this.options.shellAccessToken?.();
    return shell ? { token: shell, source: 'environment' } : null;
  }
}

function validHubEndpoint(address: string): string {
  try {
    return normaliseHubEndpoint(address);
  } catch (error) {
    if (error instanceof CatalogError) throw new IpcError('settings.invalid-hub-endpoint', error.message);
    throw error;
  }
}

export type SettingsChannel = 'settings.get' | 'settings.set';
export type SettingsHandlers = { [C in SettingsChannel]: (args: ParsedArgs<C>) => Promise<RequestResult<C>> };

export function createSettingsHandlers(service: ModelSettingsService, effectiveHubEndpoint: () => Promise<string>): SettingsHandlers {
  return {
    'settings.get': () => service.view(effectiveHubEndpoint),
    'settings.set': async (patch) => {
      await service.update(patch);
      return service.view(effectiveHubEndpoint);
    },
  };
}
