/** The application menu (see app-menu-template.ts), installed for the whole app. */
import { app, Menu } from 'electron';
import type { AppCommand } from '../ipc/contract';
import { appMenuTemplate } from './app-menu-template';

export function installAppMenu(options: { developerTools: boolean; onCommand: (command: AppCommand) => void }): void {
  const template = appMenuTemplate({
    isMac: process.platform === 'darwin',
    developerTools: options.developerTools,
    appName: app.getName(),
    onCommand: options.onCommand,
    showAbout: () => app.showAboutPanel(),
  });
  app.setAboutPanelOptions({
    applicationName: 'Steerling',
    applicationVersion: app.getVersion(),
    credits: 'Summaries by a local language model, on this computer only.',
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
