/**
 * JSON as the bridge sends it, with one extension: Uint8Array travels as `{ "$bytes": base64 }`.
 * Used on both ends (Node server and browser preload), so it sticks to what both have: btoa/atob.
 */
const BYTES_TAG = '$bytes';
const CHUNK = 0x8000;

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function isTaggedBytes(value: unknown): value is { [BYTES_TAG]: string } {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === BYTES_TAG && typeof (value as Record<string, unknown>)[BYTES_TAG] === 'string';
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Uint8Array ? { [BYTES_TAG]: bytesToBase64(item) } : item,
  );
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => (isTaggedBytes(item) ? base64ToBytes(item[BYTES_TAG]) : item));
}

/** The body of POST /invoke. */
export interface InvokeBody {
  channel: string;
  args: unknown;
}

/** One WebSocket message from the server. */
export interface EventFrame {
  event: string;
  payload: unknown;
}
