/**
 * Which file paths a shell lets the contract's file channels touch. The app and the test bridge
 * hand the renderer opaque handles for the paths the writer chose (a dialog, a drop) and accept
 * nothing else, so a compromised page cannot name a file of its own choosing; the CLI trusts its
 * arguments, since the writer typed them.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { IpcError } from '../ipc/ipc-error';

/** 'read': a file to open; 'write': a file to create or replace. */
export type PathUse = 'read' | 'write';

export interface PathAccess {
  /** What the renderer receives for a path the writer chose; `reusable` grants outlive one use. */
  grant(filePath: string, use: PathUse, options?: { reusable?: boolean }): string;
  /** The path behind a value the renderer sent for `use`; throws `path.not-granted` otherwise. */
  resolve(value: string, use: PathUse): string;
}

/** The CLI: every path was typed by the writer. */
export const trustedPaths: PathAccess = {
  grant: (filePath) => filePath,
  resolve: (value) => value,
};

export interface PathGrantsOptions {
  /** How long an unused one-time handle stays valid (default 15 minutes). */
  oneTimeMs?: number;
  /** How long a reusable handle stays valid after it is granted (default 12 hours). */
  reusableMs?: number;
  now?: () => number;
}

interface Grant {
  path: string;
  use: PathUse;
  reusable: boolean;
  expires: number;
}

const HANDLE_PREFIX = 'file-grant:';

function refused(use: PathUse): IpcError {
  return new IpcError(
    'path.not-granted',
    use === 'write'
      ? 'Steerling only saves to a file chosen in its own save dialog. Choose where to save again.'
      : 'Steerling only opens files chosen in its own open dialog or dropped on its window. Choose the file again.',
  );
}

/**
 * Handles for the app and the bridge. A handle is `file-grant:<random>/<file name>`: the name is
 * only there so the page can show it; the random part is what is checked.
 */
export class PathGrants implements PathAccess {
  readonly #grants = new Map<string, Grant>();
  readonly #oneTimeMs: number;
  readonly #reusableMs: number;
  readonly #now: () => number;

  constructor(options: PathGrantsOptions = {}) {
    this.#oneTimeMs = options.oneTimeMs ?? 15 * 60_000;
    this.#reusableMs = options.reusableMs ?? 12 * 60 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  grant(filePath: string, use: PathUse, options: { reusable?: boolean } = {}): string {
    if (!path.isAbsolute(filePath)) throw new IpcError('path.not-granted', `Only absolute paths can be granted, not "${filePath}".`);
    this.#sweep();
    const reusable = options.reusable ?? false;
    const token = randomBytes(18).toString('base64url');
    this.#grants.set(token, {
      path: path.normalize(filePath),
      use,
      reusable,
      expires: this.#now() + (reusable ? this.#reusableMs : this.#oneTimeMs),
    });
    return `${HANDLE_PREFIX}${token}/${path.basename(filePath)}`;
  }

  resolve(value: string, use: PathUse): string {
    if (!value.startsWith(HANDLE_PREFIX)) throw refused(use);
    const token = value.slice(HANDLE_PREFIX.length).split('/', 1)[0];
    const grant = this.#grants.get(token);
    if (!grant || grant.use !== use) throw refused(use);
    if (grant.expires <= this.#now()) {
      this.#grants.delete(token);
      throw new IpcError('path.expired', `The choice of ${path.basename(grant.path)} has expired. Choose the file again.`);
    }
    if (!grant.reusable) this.#grants.delete(token);
    return grant.path;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [token, grant] of this.#grants) if (grant.expires <= now) this.#grants.delete(token);
  }
}
