/**
 * Runs the article import worker in an Electron utilityProcess, so a hostile file can stall or
 * exhaust only that process, never the window's main process. WorkerArticleImporter owns the
 * time limit, the restarts and the error wording; this file only starts the process.
 */
import { isImportReply, type ImportReply, type ImportRequest } from '../core/articles/worker/protocol';
import type { ImportWorkerLauncher } from '../core/articles/worker/worker-importer';
import { forkUtilityProcess } from './utility-process';

/** `script`: the built worker, .vite/build/import-worker.js. */
export function utilityImportWorker(script: string): ImportWorkerLauncher {
  return (memory) =>
    forkUtilityProcess<ImportRequest, ImportReply>({
      script,
      serviceName: 'Steerling article importer',
      execArgv: [`--max-old-space-size=${memory.heapMb}`],
      env: { STEERLING_IMPORT_RSS_MB: String(memory.rssMb) },
      accepts: isImportReply,
      captureStderr: true,
    });
}
