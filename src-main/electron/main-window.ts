/** The one app window: locked-down web preferences, and bounds remembered between runs. */
import { BrowserWindow, screen } from 'electron';
import type { ShellStateFile, WindowBounds } from './shell-state';

const DEFAULT_SIZE = { width: 1200, height: 820 };

/** Drops a saved position that is no longer on any screen (a monitor was unplugged). */
function visibleBounds(saved: WindowBounds | null): Partial<WindowBounds> {
  if (!saved) return DEFAULT_SIZE;
  const { x, y, width, height } = saved;
  if (x === undefined || y === undefined) return { width, height };
  const onScreen = screen.getAllDisplays().some(({ workArea: a }) =>
    x < a.x + a.width && x + width > a.x && y < a.y + a.height && y + height > a.y,
  );
  return onScreen ? { x, y, width, height } : { width, height };
}

export function createMainWindow(options: {
  preloadPath: string;
  startUrl: string;
  /** The app icon (Linux and Windows title bars and task bars; macOS takes the bundle's). */
  iconPath?: string;
  settings: ShellStateFile;
  developerTools: boolean;
}): BrowserWindow {
  const saved = options.settings.get('windowBounds');
  const window = new BrowserWindow({
    ...visibleBounds(saved),
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Steerling',
    icon: options.iconPath,
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: options.developerTools,
      spellcheck: true,
    },
  });
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  const remember = () => {
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    const maximized = window.isMaximized();
    const bounds = maximized ? window.getNormalBounds() : window.getBounds();
    options.settings.set('windowBounds', { ...bounds, maximized });
  };
  window.on('close', remember);

  void window.loadURL(options.startUrl);
  return window;
}
