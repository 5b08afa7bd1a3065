import { createAppBackend } from '../ipc/app-backend';
import type { AppBackend } from '../ipc/backend';
import { LocalEngine } from '../core/engine';
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
};

/**
 * Opens the backend for one command and always releases it (model, history database), also when
 * the command fails. The engine runs in this process: a CLI run is one job, and a crash ends it anyway.
 */
export async function withBackend<T>(program: Command, run: (backend: AppBackend) => Promise<T>): Promise<T> {
  const dataDir = (program.opts().dataDir as string | undefined) ?? defaultDataDir();
  const engine = new LocalEngine();
  const backend = createAppBackend({ dataDir, engine, dialogs: noDialogs, shell: 'cli', version });
  try {
    return await run(backend);
  } finally {
    await backend.dispose();
  }
}
