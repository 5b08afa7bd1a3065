/**
 * Results and events leave the backend for another process (the renderer, through Electron IPC or the test
 * bridge's socket), so each is checked against its payload's shape before it goes: the fields the
 * renderer branches on and shows, with zod, not every nested score. One that does not match is not
 * sent; the job it belongs to ends with an error event instead, so the window does not wait on it.
 */
import { z } from 'zod';
import { articleSchema, type EventChannel, type RequestChannel } from './contract';

const jobId = z.string().min(1);
const count = z.number().int().min(0);
const failure = z.object({ code: z.string().min(1), message: z.string().min(1) });
const jobError = failure.extend({ jobId });
/** Events of the evaluation jobs carry large results the contract types; the ids and counts are checked. */
const jobEvent = z.looseObject({ jobId });
const sweepEvent = z.looseObject({ sweepId: jobId });

const engineState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('starting') }),
  z.object({ state: z.literal('ready'), model: z.looseObject({ id: z.string(), path: z.string() }).nullable() }),
  z.object({ state: z.literal('loading'), path: z.string() }),
  z.object({ state: z.literal('crashed'), message: z.string().min(1), restarting: z.boolean() }),
]);

export const EVENT_SCHEMAS: Partial<Record<EventChannel, z.ZodType>> = {
  'summary.progress': z.object({ jobId, stage: z.enum(['map', 'reduce']), done: count, total: count }),
  'summary.text': z.object({ jobId, text: z.string() }),
  'summary.done': z.object({
    jobId,
    record: z.looseObject({ id: z.string().min(1), createdAt: z.string(), output: z.string(), cancelled: z.boolean() }),
    stats: z.looseObject({ promptTokens: count, outputTokens: count }),
    cancelled: z.boolean(),
  }),
  'summary.error': jobError,
  'engine.state': engineState,
  'batch.item': z.looseObject({ batchId: jobId, itemId: z.string().min(1), name: z.string(), state: z.enum(['waiting', 'summarising', 'done', 'failed', 'cancelled']) }),
  'batch.done': z.object({ batchId: jobId, done: count, failed: count, cancelled: count }),
  'app.filesOpened': z.object({ files: z.array(z.object({ handle: z.string().min(1), name: z.string() })) }),
  'app.command': z.object({ command: z.enum(['open-article', 'find', 'export-summary']) }),
  'models.progress': z.object({ id: z.string().min(1), bytes: count, total: count.nullable(), speed: z.number().min(0), etaSeconds: z.number().min(0).nullable() }),
  'models.state': z.object({
    id: z.string().min(1),
    state: z.enum(['downloading', 'paused', 'verifying', 'done', 'failed', 'cancelled']),
    message: z.string().optional(),
    code: z.string().optional(),
  }),
  'vectors.progress': z.looseObject({ path: z.string(), stage: z.enum(['reading', 'saving']), done: count, total: count }),
  'compare.progress': jobEvent,
  'compare.done': z.looseObject({ jobId, comparisonId: z.string().min(1), result: z.looseObject({ rows: z.array(z.unknown()) }), cancelled: z.boolean() }),
  'compare.error': jobError,
  'sweep.baseline': sweepEvent,
  'sweep.cell': z.looseObject({ sweepId: jobId, done: count, total: count }),
  'sweep.done': z.looseObject({ sweepId: jobId, complete: z.boolean(), cancelled: z.boolean() }),
  'sweep.error': failure.extend({ sweepId: jobId }),
  'probe.sample': z.looseObject({ jobId, done: count, total: count }),
  'probe.done': jobEvent,
  'probe.error': jobError,
  'calibrate.progress': z.looseObject({ jobId, done: count, total: count }),
  'calibrate.done': jobEvent,
  'calibrate.error': jobError,
};

/** Anything an event may carry at all: a plain object. */
const anyEvent = z.looseObject({});

export type EventCheck = { ok: true } | { ok: false; problem: string };

export function checkEvent(event: string, payload: unknown): EventCheck {
  const schema = EVENT_SCHEMAS[event as EventChannel] ?? anyEvent;
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, problem: `The "${event}" event did not match the contract${where}: ${issue?.message ?? 'unreadable'}.` };
}

/**
 * The error event that ends the job a refused event belonged to ("summary.done" → "summary.error"
 * with its jobId), or null when the event names no job.
 */
export function errorEventFor(event: string, payload: unknown, problem: string): { event: EventChannel; payload: object } | null {
  const prefix = event.split('.')[0];
  const errorEvent = `${prefix}.error` as EventChannel;
  if (event === errorEvent || !EVENT_SCHEMAS[errorEvent] || typeof payload !== 'object' || payload === null) return null;
  const key = prefix === 'sweep' ? 'sweepId' : 'jobId';
  const id = (payload as Record<string, unknown>)[key];
  if (typeof id !== 'string' || id === '') return null;
  return { event: errorEvent, payload: { [key]: id, code: 'ipc.bad-event', message: `${problem} Steerling stopped waiting for this job; please report it.` } };
}

const modelInfo = z.looseObject({ id: z.string().min(1), path: z.string().min(1), nLayer: count, nEmbd: count, contextSize: count });
const chosenFile = z.object({ handle: z.string().min(1), name: z.string() }).nullable();
const written = z.object({ path: z.string().min(1), bytes: count });

/**
 * Results checked the same way, for the channels whose answers the window acts on directly: file
 * handles, written files, models, articles, job ids and list pages.
 */
export const RESULT_SCHEMAS: Partial<Record<RequestChannel, z.ZodType>> = {
  'dialog.saveFile': chosenFile,
  'dialog.openFile': chosenFile,
  'history.export': written,
  'libraries.export': written,
  'compare.export': written,
  'sweep.export': written,
  'models.current': modelInfo.nullable(),
  'models.load': modelInfo,
  'models.use': modelInfo,
  'articles.importPath': articleSchema,
  'articles.importBytes': articleSchema,
  'articles.fromText': articleSchema,
  'summary.start': z.object({ jobId }),
  'history.list': z.object({ items: z.array(z.looseObject({ id: z.string().min(1) })), total: count }),
  'settings.get': z.looseObject({ effectiveHubEndpoint: z.string(), hasAccessToken: z.boolean() }),
  'settings.set': z.looseObject({ effectiveHubEndpoint: z.string(), hasAccessToken: z.boolean() }),
};

/** Null when `result` fits its channel's schema (or the channel has none), else what is wrong. */
export function resultProblem(channel: RequestChannel, result: unknown): string | null {
  const parsed = RESULT_SCHEMAS[channel]?.safeParse(result);
  if (!parsed || parsed.success) return null;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return `The answer to "${channel}" did not match the contract${where}: ${issue?.message ?? 'unreadable'}.`;
}
