/**
 * Starts a worker script with Node's child_process.fork. From source (.ts) the script runs
 * through tsx; a build passes its bundled .js.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { tailKeeper, type ProcessExit, type ProcessTransport } from './transport';

export interface ForkProcessOptions<Receive> {
  script: string;
  /** Extra Node flags, e.g. a heap limit. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Drops anything else the child posts. */
  accepts: (message: unknown) => message is Receive;
  /** Keep stderr (its tail reaches onExit) instead of passing it through. */
  captureStderr?: boolean;
  /** The child neither keeps this process alive nor is waited for while idle (timers still are). */
  detached?: boolean;
}

export interface ForkedProcess<Send, Receive> extends ProcessTransport<Send, Receive> {
  /** undefined if it failed to spawn. */
  readonly pid: number | undefined;
}

/** Flags that let a forked Node run a .ts script. */
export function tsxExecArgv(script: string): string[] {
  if (!script.endsWith('.ts')) return [];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

export function forkProcess<Send, Receive>(options: ForkProcessOptions<Receive>): ForkedProcess<Send, Receive> {
  if (!existsSync(options.script)) throw new Error(`The worker script is missing: ${options.script}`);
  const child: ChildProcess = fork(options.script, [], {
    execArgv: [...tsxExecArgv(options.script), ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', options.captureStderr ? 'pipe' : 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const stderr = tailKeeper();
  child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk));
  if (options.detached) {
    child.unref();
    child.channel?.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
  }

  let ended: { code: number | null; exit: ProcessExit } | undefined;
  const exitListeners: ((code: number | null, exit?: ProcessExit) => void)[] = [];
  const exited = (code: number | null, signal: string | null) => {
    if (ended) return;
    ended = { code, exit: { signal, stderrTail: stderr.text() } };
    for (const listener of exitListeners.splice(0)) listener(code, ended.exit);
  };
  // 'close' comes after stderr has drained, so the tail holds the process's last words.
  child.once('close', (code, signal) => exited(code, signal));
  // A failed spawn emits 'error' and maybe no 'exit'.
  child.once('error', () => exited(child.exitCode ?? null, null));

  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (!ended && child.connected) child.send(message as object);
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => {
        if (options.accepts(message)) listener(message);
      });
    },
    onExit(listener) {
      if (ended) listener(ended.code, ended.exit);
      else exitListeners.push(listener);
    },
    kill() {
      if (!ended) child.kill('SIGKILL');
    },
  };
}
