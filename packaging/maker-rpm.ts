/**
 * An .rpm maker for Forge 8. @electron-forge/maker-rpm has no release for Forge 8 yet (its 7.x
 * pulls a second, older Forge core), so this is the same thin wrapper around
 * electron-installer-redhat, written against Forge 8's MakerBase.
 */
import path from 'node:path';
import { MakerBase, type MakerOptions } from '@electron-forge/maker-base';
import type { ForgeArch, ForgePlatform } from '@electron-forge/shared-types';

/** electron-installer-redhat options (https://github.com/electron-userland/electron-installer-redhat#options). */
export interface MakerRpmConfig {
  options?: Record<string, unknown>;
}

/** Node's architecture names as rpmbuild knows them. */
export function rpmArch(nodeArch: ForgeArch): string {
  const arches: Partial<Record<ForgeArch, string>> = { ia32: 'i386', x64: 'x86_64', arm64: 'aarch64', armv7l: 'armv7hl' };
  const arch = arches[nodeArch];
  if (!arch) throw new Error(`Unsupported architecture for rpm: ${nodeArch}`);
  return arch;
}

export class MakerRpm extends MakerBase<MakerRpmConfig> {
  override name = 'rpm';
  defaultPlatforms: ForgePlatform[] = ['linux'];
  override requiredExternalBinaries = ['rpmbuild'];

  override isSupportedOnCurrentPlatform(): boolean {
    return this.isInstalled('electron-installer-redhat');
  }

  override async make({ dir, makeDir, targetArch }: MakerOptions): Promise<string[]> {
    // @ts-expect-error: this package has no types
    const { default: installer } = await import('electron-installer-redhat');
    const outDir = path.resolve(makeDir, 'rpm', targetArch);
    await this.ensureDirectory(outDir);
    const { packagePaths } = (await installer({
      ...this.config,
      arch: rpmArch(targetArch),
      src: dir,
      dest: outDir,
      rename: undefined,
    })) as { packagePaths: string[] };
    return packagePaths;
  }
}
