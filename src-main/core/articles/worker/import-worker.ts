/**
 * Entry of the import worker process: reads one article at a time with the in-process importer
 * and posts back the Article or the coded error. Runs under Node's child_process.fork
 * (process.send) and under Electron's utilityProcess (process.parentPort); never imports electron.
 *
 * Its host kills it when an import runs past the time limit. V8's heap limit (a Node flag set
 * by the host) bounds the JavaScript heap; a guard thread bounds everything else (a parser's
 * buffers live outside that heap) by watching the resident memory set in STEERLING_IMPORT_RSS_MB.
 */
import { Worker } from 'node:worker_threads';
import { ArticleImportError } from '../article';
import { importArticleBytes, importArticleFile } from '../importer';
import { isImportRequest, MEMORY_GUARD_MARK, type ImportReply, type ImportRequest } from './protocol';

interface ParentChannel {
  post(message: ImportReply): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function connectToParent(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (typeof process.send === 'function') {
    process.on('disconnect', () => process.exit(0));
    return {
      post: (message) => process.send?.(message),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('The import worker must be started by Steerling (as a forked or utility process).');
}

/**
 * A thread of its own, so it keeps running while the main thread is stuck in a parser. Its
 * mark on stderr tells the host why the process died.
 */
function guardMemory(limitMb: number): void {
  const source = `
    const { writeSync } = require('node:fs');
    const limit = ${limitMb} * 1024 * 1024;
    setInterval(() => {
      if (process.memoryUsage.rss() > limit) {
        writeSync(2, ${JSON.stringify(`\n${MEMORY_GUARD_MARK}\n`)});
        process.kill(process.pid, 'SIGKILL');
      }
    }, 50);
  `;
  new Worker(source, { eval: true }).unref();
}

function measure(): { rssBytes: number; peakRssBytes: number } {
  return { rssBytes: process.memoryUsage.rss(), peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

async function handle(request: ImportRequest): Promise<ImportReply> {
  try {
    const article =
      request.type === 'import-path'
        ? await importArticleFile(request.path, request.limits)
        : await importArticleBytes(request.name, request.bytes, request.limits);
    return { type: 'article', id: request.id, article, ...measure() };
  } catch (error) {
    if (error instanceof ArticleImportError) {
      return { type: 'error', id: request.id, code: error.code, message: error.message, ...measure() };
    }
    const name = request.type === 'import-path' ? request.path.split(/[\\/]/).pop() : request.name;
    const detail = error instanceof Error ? error.message : String(error);
    return {
      type: 'error',
      id: request.id,
      code: 'crashed',
      message: `The importer failed while reading "${name}" (${detail}). Try opening and re-saving the file.`,
      ...measure(),
    };
  }
}

// pdf.js can leave a promise of a finished document to reject later; Node would end the process
// for it, failing whichever import happens to run next. The import it belonged to has answered.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`steerling import worker: ignored a late library error: ${String(reason)}\n`);
});

const rssLimitMb = Number(process.env.STEERLING_IMPORT_RSS_MB);
if (rssLimitMb > 0) guardMemory(rssLimitMb);

const parent = connectToParent();
let queue = Promise.resolve();
parent.onMessage((message) => {
  if (!isImportRequest(message)) return;
  queue = queue.then(async () => parent.post(await handle(message)));
});
