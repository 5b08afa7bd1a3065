/**
 * Electron main process: one locked-down window, the shared AppBackend behind IPC, and the
 * engine in a utilityProcess that EngineClient restarts when it dies. Built by Forge's Vite
 * plugin to .vite/build/main.js (ESM); the preload and the engine worker are built beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { EngineClient } from '../core/worker/engine-client';
import { WorkerArticleImporter } from '../core/articles/worker/worker-importer';
import { createAppBackend } from '../backend/app-backend';
import { filesFromArgv, OpenedFiles } from '../backend/opened-files';
import { PathGrants } from '../backend/path-access';
import { steeringEngineEnv } from '../backend/steering-folders';
import type { AppBackend } from '../backend/backend';
import { installAppMenu } from './app-menu';
import { EVENT_CHANNEL, type EventMessage } from './ipc-channels';
import { utilityImportWorker } from './import-host';
import { ElectronDialogs } from './dialogs';
import { forkUtilityEngineTransport } from './engine-host';
import { bindBackendToIpc, type IpcBinding } from './ipc-main';
import { createMainWindow } from './main-window';
import { electronModelSettingsStore } from './model-settings-store';
import { registerAppScheme, rendererOrigin, serveRendererFiles } from './renderer-origin';
import { guardWebContents, hardenSession } from './security';
import { ShellStateFile } from './shell-state';

const buildDir = import.meta.dirname;
const devServerUrl: string | undefined = MAIN_WINDOW_VITE_DEV_SERVER_URL;
const developerTools = !app.isPackaged;

let mainWindow: BrowserWindow | undefined;
let backend: AppBackend | undefined;
let ipcBinding: IpcBinding | undefined;
let shutDown = false;
// Before the app is ready: macOS sends the files it was opened with ('open-file') that early.
const paths = new PathGrants();
const openedFiles = new OpenedFiles(paths);

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** Reopens the model used last time, in the background; the window shows progress via engine.state. */
function reopenLastModel(appBackend: AppBackend, settings: ShellStateFile, paths: PathGrants): void {
  const modelPath = settings.get('lastModelPath');
  if (!modelPath || !fs.existsSync(modelPath)) return;
  // Main chose this path itself (the writer loaded it last time), so it grants it like a dialog would.
  appBackend.handle('models.load', { path: paths.grant(modelPath, 'read') }).catch((error: unknown) => {
    console.error(`steerling: could not reopen ${modelPath}`, error);
  });
}

async function start(): Promise<void> {
  const origin = rendererOrigin(devServerUrl);
  const settings = new ShellStateFile();
  const dataDir = app.getPath('userData');

  hardenSession(session.defaultSession, origin);
  guardWebContents(origin);
  if (!devServerUrl) {
    serveRendererFiles(session.defaultSession, path.join(buildDir, '..', 'renderer', MAIN_WINDOW_VITE_NAME), origin);
  }

  const workerPath = path.join(buildDir, 'engine-worker.js');
  // Built beside the worker by vite.worker.config.ts; unpacked from the asar in a package.
  const steeringAddon = path.join(buildDir, 'native', 'steerling_steering.node');
  // The writer's own steering pair libraries, the ones the backend lists and edits.
  const workerEnv = steeringEngineEnv(dataDir);
  if (fs.existsSync(steeringAddon)) workerEnv.STEERLING_STEERING_ADDON = steeringAddon;
  const engine = new EngineClient(() => forkUtilityEngineTransport({ workerPath, env: workerEnv }));
  backend = createAppBackend({
    dataDir,
    engine,
    dialogs: new ElectronDialogs(() => mainWindow),
    // Documents are parsed in a process of their own, with a time and a memory limit.
    articleImporter: new WorkerArticleImporter({ launch: utilityImportWorker(path.join(buildDir, 'import-worker.js')) }),
    paths,
    openedFiles,
    shell: 'electron',
    version: app.getVersion(),
    // Download server, keychain-encrypted token and loading choices from the Models view.
    settings: electronModelSettingsStore(),
    onModelLoaded: (model) => settings.set('lastModelPath', model.path),
  });
  ipcBinding = bindBackendToIpc(backend, origin.isAppUrl, paths);

  installAppMenu({
    developerTools,
    // The menu takes its shortcuts before the page sees them; the page then does what they ask.
    onCommand: (command) => {
      const message: EventMessage = { event: 'app.command', payload: { command } };
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, message);
    },
  });
  mainWindow = createMainWindow({
    preloadPath: path.join(buildDir, 'preload.cjs'),
    startUrl: origin.startUrl,
    iconPath: path.join(buildDir, '..', '..', 'assets', 'icons', 'png', '512x512.png'),
    settings,
    developerTools,
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  reopenLastModel(backend, settings, paths);
}

// Same override as the CLI (core/paths.ts), so tests and portable installs pick their own folder.
// Before the instance lock, which lives in that folder.
if (process.env.STEERLING_DATA_DIR) app.setPath('userData', path.resolve(process.env.STEERLING_DATA_DIR));

if (!app.requestSingleInstanceLock()) {
  // A second launch hands its files to the first and ends (see 'second-instance').
  app.quit();
} else {
  registerAppScheme();
  // "Open with Steerling", a file on the command line, a drop on the dock icon: the files import
  // into the one window, which comes forward. In development the app's own path is an argument.
  const launchArgs = { skip: [app.getAppPath(), path.join(buildDir, 'main.js')] };
  const openFromSystem = (files: string[]): void => {
    openedFiles.add(files);
    focusMainWindow();
  };
  openFromSystem(filesFromArgv(process.argv, { ...launchArgs, cwd: process.cwd() }));
  app.on('second-instance', (_event, argv, workingDirectory) => {
    openFromSystem(filesFromArgv(argv, { ...launchArgs, cwd: workingDirectory }));
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFromSystem([file]);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (shutDown || !backend) return;
    // Running summaries are saved as cancelled and the engine process stops before exit.
    event.preventDefault();
    shutDown = true;
    ipcBinding?.dispose();
    backend
      .dispose()
      .catch((error: unknown) => console.error('steerling: shutdown was not clean', error))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('steerling: could not start', error);
      app.exit(1);
    });
}
