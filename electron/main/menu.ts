/** The application menu: standard roles only (copy/paste, zoom, quit); developer tools only in development. */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { openExternally } from './window';

const HELP_URL = 'https://learn.microsoft.com/azure/backup/restore-azure-database-postgresql-flex';

export function installMenu(isDev: boolean, platform: NodeJS.Platform = process.platform): void {
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(isDev ? [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[] : []),
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Azure Backup: restore PostgreSQL Flexible Server as files', click: () => openExternally(HELP_URL) }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
