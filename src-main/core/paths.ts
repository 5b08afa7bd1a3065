import os from 'node:os';
import path from 'node:path';

/**
 * Where Steerling keeps its data (history, user libraries, models). Mirrors Electron's
 * app.getPath('userData') for the product name "Steerling", so the CLI and the app share one
 * history. STEERLING_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STEERLING_DATA_DIR) return path.resolve(env.STEERLING_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Steerling');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Steerling');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Steerling');
  }
}

export function historyFile(dataDir: string): string {
  return path.join(dataDir, 'history.sqlite');
}
