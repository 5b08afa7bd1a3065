import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../../src-main/ipc/contract';
import { appMenuTemplate } from '../../../src-main/electron/app-menu-template';

function build(isMac: boolean) {
  const commands: AppCommand[] = [];
  const template = appMenuTemplate({ isMac, developerTools: false, appName: 'Steerling', onCommand: (c) => commands.push(c), showAbout: () => undefined });
  const menu = (label: string) => template.find((item) => item.label === label)?.submenu as MenuItemConstructorOptions[];
  const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();
  return { template, menu, commands, click };
}

describe('appMenuTemplate', () => {
  it('has a File menu with Open article… (Ctrl+O) and Export summary… (Ctrl+E) that ask the window', () => {
    const { menu, commands, click } = build(false);
    const file = menu('File');
    expect(file.map((item) => item.label ?? item.role ?? item.type)).toEqual(['Open article…', 'Export summary…', 'separator', 'quit']);
    expect(file.slice(0, 2).map((item) => item.accelerator)).toEqual(['CmdOrCtrl+O', 'CmdOrCtrl+E']);
    file.slice(0, 2).forEach(click);
    expect(commands).toEqual(['open-article', 'export-summary']);
  });

  it('has Find in history (Ctrl+F) at the end of the Edit menu, after the standard editing roles', () => {
    const { menu, commands, click } = build(false);
    const edit = menu('Edit');
    expect(edit.filter((item) => item.role).map((item) => item.role)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    const find = edit.at(-1)!;
    expect(find).toMatchObject({ label: 'Find in history', accelerator: 'CmdOrCtrl+F' });
    click(find);
    expect(commands).toEqual(['find']);
  });

  it('follows each platform: the app menu and Close on macOS, Quit elsewhere; no developer tools unless asked', () => {
    const mac = build(true);
    expect(mac.template[0]).toEqual({ role: 'appMenu' });
    expect(mac.menu('File').at(-1)).toEqual({ role: 'close' });
    const linux = build(false);
    expect(linux.template.some((item) => item.role === 'appMenu')).toBe(false);
    expect(JSON.stringify(linux.template)).not.toContain('toggleDevTools');
    const shortcuts = [mac, linux].flatMap(({ template }) =>
      template.flatMap((item) => ((item.submenu as MenuItemConstructorOptions[] | undefined) ?? []).map((entry) => entry.accelerator).filter(Boolean)),
    );
    expect(new Set(shortcuts)).toEqual(new Set(['CmdOrCtrl+O', 'CmdOrCtrl+E', 'CmdOrCtrl+F']));
  });
});
