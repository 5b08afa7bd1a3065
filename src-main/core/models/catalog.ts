/**
 * The catalog of models the app offers to download (assets/models/catalog.json), validated on load.
 * The JSON is imported, not read from disk, so it travels inside any bundle without path lookups;
 * `loadCatalogFile` reads a replacement catalog (a mirror's, a test's).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import bundledCatalog from '../../../assets/models/catalog.json' with { type: 'json' };
import type { ModelShape } from './memory-estimate';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');

const shapeSchema = z.object({
  architecture: z.string().min(1),
  layers: z.number().int().positive(),
  embedding: z.number().int().positive(),
  heads: z.number().int().positive(),
  kvHeads: z.number().int().positive(),
  trainContext: z.number().int().positive(),
});

const entrySchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]+$/),
    family: z.string().min(1),
    label: z.string().min(1),
    quantisation: z.string().min(1),
    default: z.boolean(),
    /** Hugging Face repository, "owner/name". */
    repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/),
    /** Branch or commit the file is pinned to. */
    revision: z.string().min(1),
    file: z.string().regex(/^[^/\\]+\.gguf$/),
    /** Exact size, or null where no public record was found. */
    sizeBytes: z.number().int().positive().nullable(),
    /** For display and space checks while sizeBytes is unknown. */
    approxSizeBytes: z.number().int().positive().optional(),
    /** null where unknown: the hub's X-Linked-Etag is used at download time. */
    sha256: sha256Schema.nullable(),
    ramBytes: z.number().int().positive(),
    vramBytes: z.number().int().positive(),
    shape: shapeSchema,
    description: z.string().min(1),
    provenance: z.string(),
  })
  .refine((e) => e.sizeBytes !== null || e.approxSizeBytes !== undefined, {
    message: 'approxSizeBytes is required when sizeBytes is null',
  });

const catalogSchema = z
  .object({
    schemaVersion: z.literal(1),
    defaultHubEndpoint: z.url(),
    notes: z.array(z.string()).optional(),
    models: z.array(entrySchema).min(1),
  })
  .refine((c) => c.models.filter((m) => m.default).length === 1, { message: 'exactly one model must be the default' })
  .refine((c) => new Set(c.models.map((m) => m.id)).size === c.models.length, { message: 'model ids must be unique' });

export type CatalogEntry = z.infer<typeof entrySchema>;
export type Catalog = z.infer<typeof catalogSchema>;

export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

/** Validates catalog data; throws CatalogError naming the first problem. */
export function parseCatalog(data: unknown, source = 'catalog'): Catalog {
  const result = catalogSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new CatalogError(`The model list (${source}) is invalid${where}: ${issue.message}`);
  }
  return result.data;
}

let cached: Catalog | undefined;

/** The catalog shipped with the app. */
export function loadCatalog(): Catalog {
  cached ??= parseCatalog(bundledCatalog, 'built-in catalog');
  return cached;
}

export async function loadCatalogFile(path: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new CatalogError(`The model list ${path} cannot be read.`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new CatalogError(`The model list ${path} is not valid JSON.`, { cause });
  }
  return parseCatalog(data, path);
}

export function defaultCatalogEntry(catalog: Catalog = loadCatalog()): CatalogEntry {
  const entry = catalog.models.find((m) => m.default);
  if (!entry) throw new CatalogError('The model list has no default model.');
  return entry;
}

export function findCatalogEntry(id: string, catalog: Catalog = loadCatalog()): CatalogEntry | undefined {
  return catalog.models.find((m) => m.id === id || m.file === id || m.quantisation.toLowerCase() === id.toLowerCase());
}

/** Exact size when known, else the approximate one (for space checks and display only). */
export function catalogSizeBytes(entry: CatalogEntry): number {
  return entry.sizeBytes ?? entry.approxSizeBytes ?? 0;
}

export function catalogShape(entry: CatalogEntry): ModelShape {
  const { layers, embedding, heads, kvHeads } = entry.shape;
  return { layers, embedding, heads, kvHeads };
}

/**
 * node-llama-cpp's URI for the file ("hf:owner/repo/file#revision"), usable with its
 * resolveModelFile / createModelDownloader and `endpoints.huggingFace`.
 */
export function catalogModelUri(entry: CatalogEntry): string {
  const revision = entry.revision === 'main' ? '' : `#${entry.revision}`;
  return `hf:${entry.repo}/${entry.file}${revision}`;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * "https://huggingface.co" → no trailing slash. Only https: the access token and the model bytes
 * travel over it. Plain http is accepted for this computer's own address alone (a local mirror, the
 * tests' hub), where nothing crosses a network.
 */
export function normaliseHubEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CatalogError(`The download server address "${endpoint}" is not a web address.`);
  }
  const local = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new CatalogError(`The download server address "${endpoint}" must start with https://.`);
  }
  if (url.username || url.password) {
    throw new CatalogError(`The download server address "${endpoint}" must not contain a user name or password.`);
  }
  return url.href.replace(/\/+$/, '');
}

/** Hub endpoint from the environment (HF_ENDPOINT, as huggingface_hub and node-llama-cpp read it). */
export function hubEndpointFromEnv(env: NodeJS.ProcessEnv = process.env, catalog: Catalog = loadCatalog()): string {
  return normaliseHubEndpoint(env.HF_ENDPOINT || env.MODEL_ENDPOINT || catalog.defaultHubEndpoint);
}

/** The https address of the file on a hub (the public one or a mirror with the same layout). */
export function resolveDownloadUrl(entry: CatalogEntry, hubEndpoint: string): string {
  const base = normaliseHubEndpoint(hubEndpoint);
  const path = [...entry.repo.split('/'), 'resolve', entry.revision, entry.file].map(encodeURIComponent).join('/');
  return `${base}/${path}`;
}
