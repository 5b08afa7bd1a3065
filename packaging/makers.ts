/**
 * Forge makers, one per installer kind. Linux .deb and .rpm are built and inspected by
 * tests/integration/packaging.test.ts; the macOS .dmg and the Windows Squirrel installer are
 * configured from the same icon and file types but cannot be built or tested on Linux here.
 */
import path from 'node:path';
import MakerDeb from '@electron-forge/maker-deb';
import MakerDMG from '@electron-forge/maker-dmg';
import MakerSquirrel from '@electron-forge/maker-squirrel';
import MakerZIP from '@electron-forge/maker-zip';
import { DOCUMENT_MIME_TYPES } from '../src-main/core/articles/document-types';
import { MakerRpm } from './maker-rpm';

/** Every size scripts/make-icons.sh renders; the Linux installers put each under hicolor. */
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

const DESCRIPTION = 'Summarise news articles with a local language model, in plain, prompted or steered styles.';

export function makers(projectDir: string) {
  const icons = path.join(projectDir, 'assets', 'icons');
  const linux = {
    options: {
      name: 'steerling',
      productName: 'Steerling',
      genericName: 'Article summariser',
      description: DESCRIPTION,
      bin: 'steerling',
      categories: ['Office', 'Utility'] as ('Office' | 'Utility')[],
      mimeType: [...DOCUMENT_MIME_TYPES],
      // "Exec=steerling %F": the file manager passes local paths, which is what the app imports.
      desktopTemplate: path.join(projectDir, 'packaging', 'linux', 'desktop.ejs'),
      // One file per hicolor size. electron-installer-debian takes this map, though Forge's
      // types only know a single path.
      icon: {
        ...Object.fromEntries(ICON_SIZES.map((size) => [`${size}x${size}`, path.join(icons, 'png', `${size}x${size}.png`)])),
        scalable: path.join(icons, 'steerling.svg'),
      } as unknown as string,
    },
  };
  return [
    new MakerZIP({}, ['linux', 'darwin', 'win32']),
    new MakerDeb({ options: { ...linux.options, section: 'text', maintainer: 'Steerling developers' } }),
    new MakerRpm({ options: { ...linux.options, license: 'MIT' } }),
    new MakerDMG({ icon: path.join(icons, 'steerling.icns'), format: 'ULFO' }),
    // Squirrel.Windows cannot declare file associations; Windows offers Steerling under
    // "Open with > Choose another app", which starts it with the file's path (see README).
    new MakerSquirrel({
      name: 'Steerling',
      authors: 'Steerling developers',
      description: DESCRIPTION,
      setupIcon: path.join(icons, 'steerling.ico'),
    }),
  ];
}
