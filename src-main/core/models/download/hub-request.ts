/**
 * One GET against a model hub, following redirects by hand. Two reasons not to let fetch follow
 * them: Hugging Face puts the file's sha256 and size (X-Linked-Etag, X-Linked-Size) on the
 * redirect itself, which fetch would hide; and the access token must only ever go to the hub's
 * own origin, never to the storage server the hub redirects to.
 */
import { ModelDownloadError } from '../errors';

/**
 * Where the shell keeps the token (keychain, settings): asked on each request, never stored here.
 * Told the origin the token would go to, so a token saved for one hub is never sent to another.
 */
export type AccessTokenProvider = (origin: string) => string | null | undefined | Promise<string | null | undefined>;

export interface HubRequest {
  url: string;
  token?: string | AccessTokenProvider;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  maxRedirects?: number;
}

export interface HubResponse {
  response: Response;
  /** The address that finally answered. */
  finalUrl: string;
  /** X-Linked-Etag seen on any hop (Hugging Face: the LFS sha256), else null. */
  linkedEtag: string | null;
  /** X-Linked-Size seen on any hop, else null. */
  linkedSize: number | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

async function resolveToken(token: HubRequest['token'], origin: string): Promise<string | null> {
  if (token === undefined) return null;
  const value = typeof token === 'function' ? await token(origin) : token;
  return value ? value : null;
}

export async function hubGet(request: HubRequest): Promise<HubResponse> {
  const tokenOrigin = new URL(request.url).origin;
  const token = await resolveToken(request.token, tokenOrigin);
  let url = request.url;
  let linkedEtag: string | null = null;
  let linkedSize: number | null = null;
  const maxRedirects = request.maxRedirects ?? 8;

  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { ...request.headers };
    if (token && new URL(url).origin === tokenOrigin) headers.authorization = `Bearer ${token}`;
    const response = await fetch(url, { headers, redirect: 'manual', signal: request.signal });
    linkedEtag = response.headers.get('x-linked-etag') ?? linkedEtag;
    const size = response.headers.get('x-linked-size');
    if (size && /^\d+$/.test(size)) linkedSize = Number(size);

    if (!REDIRECT_STATUSES.has(response.status)) return { response, finalUrl: url, linkedEtag, linkedSize };

    await response.body?.cancel();
    const location = response.headers.get('location');
    if (!location) {
      throw new ModelDownloadError('protocol', 'The download server sent a redirect without an address.', { status: response.status });
    }
    if (hop >= maxRedirects) {
      throw new ModelDownloadError('protocol', 'The download server redirected too many times.', { status: response.status });
    }
    url = new URL(location, url).href;
  }
}
