/**
 * One summary job on the command line: its text streams to stdout as it is written, long-article
 * progress goes to stderr, and Ctrl-C or SIGTERM cancels it (the part written so far is saved);
 * a second Ctrl-C leaves at once. The following itself is follow-job.ts, as for every other job.
 */
import type { AppBackend } from '../backend/backend';
import type { AppEvent, HistoryRecord, RequestArgs } from '../ipc/contract';
import { followJob } from './follow-job';

export interface SummaryOutput {
  /** The summary's text, as it streams. */
  text(chunk: string): void;
  /** Progress lines. */
  note(line: string): void;
}

const processOutput: SummaryOutput = {
  text: (chunk) => void process.stdout.write(chunk),
  note: (line) => void process.stderr.write(`${line}\n`),
};

const QUIET: SummaryOutput = { text: () => undefined, note: () => undefined };

/** Runs one summary job to its end and resolves with the saved history record. */
export async function runSummaryJob(
  backend: AppBackend,
  request: RequestArgs<'summary.start'>,
  verbose: boolean,
  output: SummaryOutput = processOutput,
): Promise<HistoryRecord> {
  const say = verbose ? output : QUIET;
  const followed = await followJob<HistoryRecord>(backend, {
    start: async () => (await backend.handle('summary.start', request)).jobId,
    idOf: (e: AppEvent) => (e.event.startsWith('summary.') ? (e.payload as { jobId: string }).jobId : undefined),
    step: (e: AppEvent) => {
      switch (e.event) {
        case 'summary.text':
          say.text(e.payload.text);
          return undefined;
        case 'summary.progress': {
          const { stage, done, total } = e.payload;
          say.note(stage === 'map' ? `Long article: ${done} of ${total} parts summarised` : `Combining the parts: ${done} of ${total}`);
          return undefined;
        }
        case 'summary.done':
          say.text('\n');
          return { done: e.payload.record };
        case 'summary.error':
          return { error: new Error(e.payload.message) };
        default:
          return undefined;
      }
    },
    cancel: (jobId) => backend.handle('summary.cancel', { jobId }),
  });
  return followed.value;
}
