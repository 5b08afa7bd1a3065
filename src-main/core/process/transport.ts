/**
 * A child process seen from its parent, whatever started it: Node's child_process.fork
 * (./fork-process.ts: CLI, tests, the browser test bridge) or Electron's utilityProcess
 * (src-main/electron/utility-process.ts). The engine and the article importer each run in one.
 */
export interface ProcessTransport<Send, Receive> {
  /** Messages sent before the process is up are delivered once it is; after exit they are dropped. */
  send(message: Send): void;
  onMessage(listener: (message: Receive) => void): void;
  /** Called once when the process ends, also if it ended before the listener was added. */
  onExit(listener: (code: number | null, exit?: ProcessExit) => void): void;
  /** Ends the process at once. */
  kill(): void;
}

/** How a process ended, for telling a crash from running out of memory. */
export interface ProcessExit {
  signal: string | null;
  /** The last few KB the process wrote to stderr, when the transport captured it. */
  stderrTail: string;
}

/** Keeps the end of a stream: what a dying process said last is what explains it. */
export function tailKeeper(limit = 8192): { add(chunk: Buffer | string): void; text(): string } {
  let text = '';
  return {
    add(chunk) {
      text = (text + chunk.toString()).slice(-limit);
    },
    text: () => text,
  };
}
