/** Small, pure readers of the HTTP headers a model download depends on. */

export interface ContentRange {
  start: number;
  end: number;
  /** null for "bytes 0-9/*". */
  total: number | null;
}

/** "bytes 100-199/1000" → { start: 100, end: 199, total: 1000 }; null when malformed. */
export function parseContentRange(value: string | null): ContentRange | null {
  if (!value) return null;
  const match = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value.trim());
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === '*' ? null : Number(match[3]);
  if (end < start || (total !== null && end >= total)) return null;
  return { start, end, total };
}

export function parseContentLength(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** True for weak validators (W/"…"), which RFC 9110 forbids in If-Range. */
export function isWeakEtag(etag: string): boolean {
  return etag.startsWith('W/');
}

/**
 * The sha256 inside an ETag, if it is one. Hugging Face serves LFS files with the file's sha256 as
 * X-Linked-Etag (and often as ETag); other servers use opaque tags, which yield null.
 */
export function sha256FromEtag(etag: string | null | undefined): string | null {
  if (!etag) return null;
  const bare = etag.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(bare) ? bare : null;
}

/** Retry-After in milliseconds (seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
