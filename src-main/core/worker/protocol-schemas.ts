/**
 * What each side of the engine protocol checks before acting on a message from the other process:
 * the envelope and every field it reads, with zod. Cheap (no deep walk of large payloads such as a
 * comparison's rows, which the contract types on the way to the renderer) but enough that a
 * message of the wrong shape is refused with a message naming the field, instead of being cast.
 */
import { z } from 'zod';
import { samplingSchema } from '../engine/sampling-schema';
import { EVAL_REQUEST_TYPES } from './eval-protocol';
import type { HostToWorkerMessage, WorkerToHostMessage } from './protocol';

const id = z.number().int().min(0);
const text = z.string();

const steeringSettings = z.looseObject({
  method: z.enum(['actadd', 'caa', 'all']),
  pairId: z.string().min(1).optional(),
  vectorPath: z.string().min(1).optional(),
  layerStart: z.number().int(),
  layerEnd: z.number().int(),
  coefficient: z.number().finite(),
});

const summaryRequest = z.object({
  article: z.object({ title: text, text }),
  mode: z.enum(['plain', 'prompted', 'steered']),
  style: z.string().optional(),
  sampling: samplingSchema,
  steering: steeringSettings.optional(),
});

const loadOptions = z.object({
  contextSize: z.number().int().positive().optional(),
  gpuLayers: z.union([z.enum(['auto', 'max']), z.number().int().min(0)]).optional(),
  threads: z.number().int().positive().optional(),
});

const idOnly = z.object({ type: z.string(), id });
const evalRequest = z.object({ type: z.string(), id, request: z.looseObject({}) });

/** One schema per message type, so a refusal names the field rather than "no variant matched". */
const hostToWorker: Record<string, z.ZodType> = {
  load: z.object({ type: z.literal('load'), id, path: z.string().min(1), options: loadOptions.optional() }),
  summarize: z.object({ type: z.literal('summarize'), id, request: summaryRequest }),
  cancel: idOnly,
  dispose: idOnly,
  ping: idOnly,
  buildVector: z.object({ type: z.literal('buildVector'), id, request: z.looseObject({ path: z.string().min(1), pairs: z.array(z.unknown()) }) }),
  ...Object.fromEntries(EVAL_REQUEST_TYPES.map((type) => [type, evalRequest])),
};

const modelInfo = z.looseObject({ id: z.string(), path: z.string(), nLayer: z.number().int(), nEmbd: z.number().int() });
const stats = z.looseObject({ promptTokens: z.number(), outputTokens: z.number(), totalMs: z.number() });

const workerToHost: Record<string, z.ZodType> = {
  state: z.object({ type: z.literal('state'), state: z.literal('ready') }),
  loaded: z.object({ type: z.literal('loaded'), id, model: modelInfo }),
  text: z.object({ type: z.literal('text'), id, text }),
  progress: z.object({ type: z.literal('progress'), id, stage: z.enum(['map', 'reduce']), done: z.number().int().min(0), total: z.number().int().min(0) }),
  done: z.looseObject({ type: z.literal('done'), id, output: text, stats, cancelled: z.boolean() }),
  disposed: idOnly,
  pong: idOnly,
  'eval-end': idOnly,
  vectorProgress: z.object({ type: z.literal('vectorProgress'), id, progress: z.looseObject({ stage: z.string(), done: z.number(), total: z.number() }) }),
  vectorBuilt: z.object({ type: z.literal('vectorBuilt'), id, result: z.looseObject({ path: z.string(), bytes: z.number() }) }),
  error: z.object({ type: z.literal('error'), id, code: z.string(), message: text, model: modelInfo.nullable().optional() }),
  'eval-event': z.object({ type: z.literal('eval-event'), id, event: z.looseObject({ type: z.string() }) }),
  'eval-error': z.object({ type: z.literal('eval-error'), id, name: z.string(), code: z.string(), message: text }),
};

export type Checked<T> = { ok: true; message: T } | { ok: false; id: number | null; problem: string };

function check<T>(schemas: Record<string, z.ZodType>, value: unknown): Checked<T> {
  const raw = typeof value === 'object' && value !== null ? (value as { id?: unknown; type?: unknown }) : null;
  const messageId = typeof raw?.id === 'number' ? raw.id : null;
  const schema = typeof raw?.type === 'string' && Object.hasOwn(schemas, raw.type) ? schemas[raw.type] : undefined;
  if (!schema) return { ok: false, id: messageId, problem: `a message of a kind it does not know (${JSON.stringify(raw?.type ?? null)})` };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data as T };
  const type = `"${String(raw?.type)}" `;
  // The issue nearest the reader: which field of which message, and why.
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, id: messageId, problem: `a ${type}message of the wrong shape${where}: ${issue?.message ?? 'unreadable'}` };
}

/** A message from the engine worker, checked; the host fails the request it names when it is not. */
export function checkWorkerMessage(value: unknown): Checked<WorkerToHostMessage> {
  return check(workerToHost, value);
}

/** A request from the host, checked; the worker answers a malformed one with an invalid-request error. */
export function checkHostMessage(value: unknown): Checked<HostToWorkerMessage> {
  return check(hostToWorker, value);
}
