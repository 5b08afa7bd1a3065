/**
 * Where steering data lives: the writer's pair libraries and built vectors, beside the history.
 * Every shell uses these, and hands the library folder to its engine as STEERLING_PAIR_LIBRARY_DIR,
 * so the engine steers with exactly the libraries the backend lists and edits.
 */
import path from 'node:path';

/** `<dataDir>/libraries`, unless STEERLING_PAIR_LIBRARY_DIR says otherwise (as the Electron shell honours it). */
export function libraryFolder(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.STEERLING_PAIR_LIBRARY_DIR?.trim();
  return override ? path.resolve(override) : path.join(dataDir, 'libraries');
}

/** Built control vectors saved without an explicit path go here. */
export function vectorFolder(dataDir: string): string {
  return path.join(dataDir, 'vectors');
}

/** The environment an engine process (or in-process engine) needs to see the same libraries. */
export function steeringEngineEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { STEERLING_PAIR_LIBRARY_DIR: libraryFolder(dataDir, env) };
}
