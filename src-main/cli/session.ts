import { createAppBackend, type AppBackendOptions } from '../backend/app-backend';
import type { AppBackend } from '../backend/backend';
import { LocalEngine } from '../core/engine';
import { localVectorBuilder } from '../core/worker/vector-build';
import { createSteeringProviderFromEnv } from '../core/steering/steering-provider';
import { libraryPromptStylesFromEnv } from '../core/steering/style-prompts';
import { steeringEngineEnv } from '../backend/steering-folders';
import { trustedPaths } from '../backend/path-access';
import { defaultDataDir } from '../core/paths';
import type { Command } from 'commander';

const version: string = process.env.npm_package_version ?? '0.1.0';

/** The CLI has no dialogs: every path comes from its arguments. */
const noDialogs = {
  async saveFile() {
    return null;
  },
  async openFile() {
    return null;
  },
  // The terminal changes servers with --hub for one run, never through settings.set.
  async confirmHubChange() {
    return false;
  },
};

export interface SessionOptions {
  /** Download server for this run (`--hub`); else env HF_ENDPOINT, else the catalog's. */
  hubEndpoint?: string;
}

/**
 * Opens the backend for one command and always releases it (model, history database; running
 * downloads pause and keep their bytes), also when the command fails. The engine runs in this
 * process: a CLI run is one job, and a crash ends it anyway.
 */
export async function withBackend<T>(program: Command, run: (backend: AppBackend) => Promise<T>, session: SessionOptions = {}): Promise<T> {
  const dataDir = (program.opts().dataDir as string | undefined) ?? defaultDataDir();
  // Steered and prompted summaries use the same pair libraries the backend lists and edits.
  const engineEnv = { ...process.env, ...steeringEngineEnv(dataDir) };
  const engine = new LocalEngine({ steering: createSteeringProviderFromEnv(engineEnv), styles: libraryPromptStylesFromEnv(engineEnv) });
  // The terminal keeps the Hugging Face token in the environment, as huggingface_hub does.
  const models: AppBackendOptions['models'] = { accessToken: () => process.env.HF_TOKEN, hubEndpoint: session.hubEndpoint };
  const backend = createAppBackend({ dataDir, engine, dialogs: noDialogs, paths: trustedPaths, shell: 'cli', version, models, vectorBuilder: localVectorBuilder(engine) });
  try {
    return await run(backend);
  } finally {
    await backend.dispose();
  }
}
