/**
 * Files the operating system asks Steerling to open ("Open with Steerling", a file on the command
 * line, a drop on the dock icon): which launch arguments are files, and a queue that holds them
 * until the window is listening. No Electron here; main feeds it from `process.argv`,
 * `second-instance` and macOS `open-file`.
 *
 * These files are the writer's own choice, made outside the page, so they are granted exactly as a
 * dropped file is: the window receives handles and imports them through `articles.importPath`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PathAccess } from './path-access';

/** A granted file: the handle for `articles.importPath`, and the name to show. */
export interface OpenedFile {
  handle: string;
  name: string;
}

export interface ArgvOptions {
  /** Where relative arguments are resolved: the launching shell's folder. */
  cwd: string;
  /** Paths that are never articles: the executable, the app's own folder or script in development. */
  skip?: readonly string[];
  /** Default: an existing regular file. */
  isFile?: (file: string) => boolean;
}

const isRegularFile = (file: string): boolean => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The files named in a launch's arguments, absolute and in order, each once. Switches (Electron's,
 * Chromium's, the desktop's) and anything that is not an existing file are left out; `file://`
 * URLs (some file managers send them) count as their path. The first argument is the executable.
 */
export function filesFromArgv(argv: readonly string[], options: ArgvOptions): string[] {
  const isFile = options.isFile ?? isRegularFile;
  const skip = new Set((options.skip ?? []).map((p) => path.resolve(p)));
  const files: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg === '' || arg.startsWith('-')) continue;
    let file: string;
    try {
      file = arg.startsWith('file://') ? fileURLToPath(arg) : path.resolve(options.cwd, arg);
    } catch {
      continue; // a file: URL for another host
    }
    if (skip.has(file) || files.includes(file) || !isFile(file)) continue;
    files.push(file);
  }
  return files;
}

type Deliver = (files: OpenedFile[]) => void;

/**
 * Holds opened files until the window asks for them (`take`, once its listener is in place), then
 * hands on each later one at once through the backend it is connected to. Made before the app is
 * ready, since macOS sends `open-file` that early.
 */
export class OpenedFiles {
  #pending: string[] = [];
  #listening = false;
  #deliver: Deliver | undefined;

  constructor(private readonly paths: PathAccess) {}

  /** The backend's event: from now on, files for a listening window go there. */
  connect(deliver: Deliver): void {
    this.#deliver = deliver;
  }

  /** Files from the OS: delivered now if the window listens, else kept for `take`. */
  add(files: readonly string[]): void {
    if (files.length === 0) return;
    if (!this.#listening || !this.#deliver) {
      this.#pending.push(...files.filter((file) => !this.#pending.includes(file)));
      return;
    }
    this.#deliver(files.map((file) => this.#grant(file)));
  }

  /** What arrived before the window listened; from now on files are delivered as they come. */
  take(): OpenedFile[] {
    this.#listening = true;
    const files = this.#pending.map((file) => this.#grant(file));
    this.#pending = [];
    return files;
  }

  #grant(file: string): OpenedFile {
    return { handle: this.paths.grant(file, 'read'), name: path.basename(file) };
  }
}
