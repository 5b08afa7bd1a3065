/** The application menu: standard roles only; the app's own actions live in the window. */
import { app, Menu, type MenuItemConstructorOptions } from 'electron';

export function installAppMenu(options: { developerTools: boolean }): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(options.developerTools
          ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: `About ${app.getName()}`,
          click: () => app.showAboutPanel(),
        },
      ],
    },
  ];
  app.setAboutPanelOptions({
    applicationName: 'Steerling',
    applicationVersion: app.getVersion(),
    credits: 'Summaries by a local language model, on this computer only.',
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
