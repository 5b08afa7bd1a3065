/**
 * A stand-in for the 'electron' module, so the packaged main bundle can run under plain Node
 * where no Electron binary can be downloaded. It implements only what Steerling's main process
 * calls, records what main registers (IPC handlers, protocol handlers, session policies), and
 * runs utilityProcess.fork as a Node child process (the engine worker supports both).
 * Everything Chromium does (windows, rendering) is out of its reach: the Playwright Electron
 * spec covers that where Electron exists.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';

export const recorded = {
  ipcHandlers: new Map(),
  protocolHandlers: new Map(),
  privilegedSchemes: [],
  sessionHooks: {},
  sentEvents: [],
  windows: [],
  loadedUrls: [],
  forks: [],
};

/** Paths the next native open dialogs answer with, in order (then: cancelled). */
export const dialogAnswers = [];

const appEvents = new EventEmitter();
let ready = Promise.resolve();

/**
 * Holds app.whenReady() until the returned function is called, so a driver can send what the
 * operating system sends before Electron is ready (macOS 'open-file').
 */
export function holdReady() {
  let release;
  ready = new Promise((resolve) => (release = resolve));
  return release;
}

/** What the operating system does: 'second-instance' (argv, workingDirectory), 'open-file' (path). */
export const system = {
  secondInstance: (argv, workingDirectory) => appEvents.emit('second-instance', {}, argv, workingDirectory, {}),
  openFile: (file) => {
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    appEvents.emit('open-file', event, file);
    return event.defaultPrevented;
  },
};

const paths = new Map([['userData', process.env.STEERLING_DATA_DIR ?? '/nonexistent']]);

export const app = {
  isPackaged: true,
  on: (event, listener) => (appEvents.on(event, listener), app),
  once: (event, listener) => (appEvents.once(event, listener), app),
  whenReady: () => ready,
  getAppPath: () => '/nonexistent/app.asar',
  requestSingleInstanceLock: () => true,
  getPath: (name) => paths.get(name) ?? `/tmp/stand-in-${name}`,
  setPath: (name, value) => paths.set(name, value),
  getVersion: () => '0.1.0',
  getName: () => 'Steerling',
  setAboutPanelOptions: () => {},
  showAboutPanel: () => {},
  /** Like Electron: 'will-quit' listeners may preventDefault and quit again later. */
  quit: () => {
    let prevented = false;
    appEvents.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) appEvents.emit('quit');
  },
  exit: (code) => process.exit(code),
};

const contents = {
  isDestroyed: () => false,
  getURL: () => 'steerling://app/index.html',
  send: (channel, message) => recorded.sentEvents.push({ channel, message }),
};

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = contents;
    recorded.windows.push(this);
  }
  loadURL(url) {
    recorded.loadedUrls.push(url);
    return Promise.resolve();
  }
  isDestroyed = () => false;
  isMinimized = () => false;
  isMaximized = () => false;
  isFullScreen = () => false;
  getBounds = () => ({ x: 10, y: 10, width: 1200, height: 820 });
  getNormalBounds = () => this.getBounds();
  maximize() {}
  show() {}
  focus() {}
  restore() {}
  static getAllWindows = () => recorded.windows;
  static getFocusedWindow = () => recorded.windows[0];
}

export const ipcMain = {
  handle: (channel, handler) => recorded.ipcHandlers.set(channel, handler),
  removeHandler: (channel) => recorded.ipcHandlers.delete(channel),
  on: () => ipcMain,
};
export const webContents = { getAllWebContents: () => [contents] };
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => recorded.privilegedSchemes.push(...schemes),
};
const defaultSession = {
  webRequest: {
    onBeforeRequest: (listener) => (recorded.sessionHooks.beforeRequest = listener),
    onHeadersReceived: (listener) => (recorded.sessionHooks.headersReceived = listener),
  },
  setPermissionRequestHandler: (handler) => (recorded.sessionHooks.permissionRequest = handler),
  setPermissionCheckHandler: (handler) => (recorded.sessionHooks.permissionCheck = handler),
  protocol: { handle: (scheme, handler) => recorded.protocolHandlers.set(scheme, handler) },
};
export const session = { defaultSession };
export const Menu = { buildFromTemplate: (template) => template, setApplicationMenu: () => {} };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const dialog = {
  showSaveDialog: async () => ({ canceled: true }),
  showOpenDialog: async () => {
    const file = dialogAnswers.shift();
    return file ? { canceled: false, filePaths: [file] } : { canceled: true, filePaths: [] };
  },
};
export const shell = { openExternal: async () => {}, openPath: async () => '' };

export const utilityProcess = {
  fork(modulePath, args, options) {
    const child = fork(modulePath, args, {
      env: options?.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const proc = new EventEmitter();
    child.once('spawn', () => proc.emit('spawn'));
    child.on('message', (message) => proc.emit('message', message));
    child.once('exit', (code) => proc.emit('exit', code ?? 1));
    proc.postMessage = (message) => child.send(message);
    proc.kill = () => child.kill('SIGKILL');
    proc.pid = child.pid;
    proc.modulePath = modulePath;
    recorded.forks.push(proc);
    return proc;
  },
};

export default {
  app, BrowserWindow, ipcMain, webContents, protocol, session, Menu, screen, dialog, shell, utilityProcess,
};
