/**
 * The `settings.*` channels: the writer's download server, access token and model-loading choices,
 * kept by the shell's ModelSettingsStore and handed to the ModelManager (per request, so a change
 * applies to the next download) and to every model load. The token goes in and never comes out.
 */
import type { LoadModelOptions } from '../core/engine/types';
import { CatalogError, normaliseHubEndpoint } from '../core/models/catalog';
import type { AccessTokenProvider } from '../core/models/download/hub-request';
import type { ParsedArgs } from '../ipc/contract';
import { IpcError } from '../ipc/ipc-error';
import type { AccessTokenSource, ModelSettings, SettingsView } from '../ipc/settings-schema';
import type { ModelSettingsStore } from './model-settings-store';
import type { ChannelHandlers } from './channel-types';

export interface ModelSettingsOptions {
  store: ModelSettingsStore;
  /** The shell's own download server (the CLI's --hub, a test's hub); it wins over the saved one. */
  shellHubEndpoint?: string | (() => string | null | undefined);
  /** The shell's token source (HF_TOKEN in a terminal); used when the writer has set none. */
  shellAccessToken?: AccessTokenProvider;
  /**
   * Asked in the main process (a native dialog in the app) before downloads move to another server;
   * false leaves every setting as it was. The renderer cannot answer it.
   */
  confirmHubChange: (change: HubChange) => Promise<boolean>;
}

/** A change of download server, as the confirmation shows it. */
export interface HubChange {
  /** The server in use now. */
  from: string;
  /** The new server; null: the default one. */
  to: string | null;
  /** Where the saved access token goes, which the change does not alter; null without one. */
  tokenOrigin: string | null;
}

/** Where a token saved before tokens were tied to a server was meant for. */
const LEGACY_TOKEN_ORIGIN = 'https://huggingface.co';

function originOf(endpoint: string): string {
  return new URL(endpoint).origin;
}

export class ModelSettingsService {
  /** A token the store could not keep safely: it lasts until the app closes, tied to its origin too. */
  private sessionToken: { token: string; origin: string } | null = null;
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

  /**
   * For ModelManager's `accessToken` option: asked on each request to the hub with the origin it
   * goes to. The writer's token goes only to the origin it was given for; the shell's own token
   * (HF_TOKEN in a terminal) goes where the shell points, as huggingface_hub's does.
   */
  readonly accessToken = async (origin: string): Promise<string | null> => {
    const token = await this.tokenWithSource();
    if (!token) return null;
    return token.source === 'environment' || token.origin === origin ? token.token : null;
  };

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
      accessTokenOrigin: token?.origin ?? null,
      effectiveHubEndpoint: effective,
      hasAccessToken: token !== null,
      accessTokenSource: token?.source ?? null,
      canSaveAccessToken: await this.options.store.canSaveAccessToken(),
    };
  }

  async update(patch: ParsedArgs<'settings.set'>, effectiveHubEndpoint: () => Promise<string>): Promise<void> {
    const next = this.settings();
    if (patch.hubEndpoint !== undefined) {
      const wanted = patch.hubEndpoint ? validHubEndpoint(patch.hubEndpoint) : null;
      if (wanted !== next.hubEndpoint) {
        const token = await this.tokenWithSource();
        const change = { from: await effectiveHubEndpoint().catch(() => next.hubEndpoint ?? ''), to: wanted, tokenOrigin: token?.origin ?? null };
        if (!(await this.options.confirmHubChange(change))) {
          throw new IpcError('settings.hub-change-declined', 'The download server was not changed.');
        }
      }
      next.hubEndpoint = wanted;
    }
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
    // A token is given for the server in use once the patch applies, and stays tied to it.
    if (patch.accessToken !== undefined) await this.setToken(patch.accessToken || null, patch.accessToken ? originOf(await effectiveHubEndpoint()) : null);
  }

  private async setToken(token: string | null, origin: string | null): Promise<void> {
    this.sessionToken = null;
    let saved: boolean;
    try {
      saved = await this.options.store.writeAccessToken(token);
    } catch (cause) {
      saved = false;
      console.error('steerling: the access token could not be saved', cause);
    }
    if (token !== null && origin !== null && !saved) this.sessionToken = { token, origin };
    const tokenOrigin = token !== null && saved ? origin : null;
    if (tokenOrigin !== this.settings().accessTokenOrigin) {
      const next = { ...this.settings(), accessTokenOrigin: tokenOrigin };
      try {
        await this.options.store.write(next);
        this.cached = next;
      } catch (cause) {
        // Without its origin on disk the token must not be trusted for any server: forget it.
        await Promise.resolve(this.options.store.writeAccessToken(null)).catch(() => undefined);
        throw new IpcError('settings.not-saved', `The access token could not be saved (${cause instanceof Error ? cause.message : String(cause)}).`, { cause });
      }
    }
  }

  private async tokenWithSource(): Promise<{ token: string; source: AccessTokenSource; origin: string | null } | null> {
    if (this.sessionToken) return { ...this.sessionToken, source: 'session' };
    const saved = await this.options.store.readAccessToken();
    if (saved) return { token: saved, source: 'saved', origin: this.settings().accessTokenOrigin ?? LEGACY_TOKEN_ORIGIN };
    const shell = await this.options.shellAccessToken?.('');
    return shell ? { token: shell, source: 'environment', origin: null } : null;
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
export type SettingsHandlers = ChannelHandlers<SettingsChannel>;

export function createSettingsHandlers(service: ModelSettingsService, effectiveHubEndpoint: () => Promise<string>): SettingsHandlers {
  return {
    'settings.get': () => service.view(effectiveHubEndpoint),
    'settings.set': async (patch) => {
      await service.update(patch, effectiveHubEndpoint);
      return service.view(effectiveHubEndpoint);
    },
  };
}
