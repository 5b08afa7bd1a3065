/**
 * The application menu as data: standard roles, plus File → Open article… (Ctrl+O) and Export
 * summary… (Ctrl+E) and Edit → Find in history (Ctrl+F), which the page carries out. Kept free of
 * Electron's runtime so a unit test can read it; app-menu.ts builds the real menu from it.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../ipc/contract';

export interface AppMenuOptions {
  isMac: boolean;
  developerTools: boolean;
  appName: string;
  /** Sends a command to the window; the page does what its own shortcut would do. */
  onCommand: (command: AppCommand) => void;
  showAbout: () => void;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { isMac, developerTools, appName, onCommand, showAbout } = options;
  const command = (label: string, accelerator: string, name: AppCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => onCommand(name),
  });
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        command('Open article…', 'CmdOrCtrl+O', 'open-article'),
        command('Export summary…', 'CmdOrCtrl+E', 'export-summary'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        command('Find in history', 'CmdOrCtrl+F', 'find'),
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(developerTools ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: `About ${appName}`, click: showAbout }] },
  ];
}
