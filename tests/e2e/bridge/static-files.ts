/**
 * Serves the built renderer the way the app does: only its own files, with the app's
 * Content-Security-Policy, and the bridge preload injected ahead of the renderer's script.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

/** The app's policy for a built renderer (see src-main/electron/renderer-origin.ts). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export const PRELOAD_URL = './__bridge/preload.js';

export function sendText(response: ServerResponse, status: number, body: string, contentType: string): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

/** The renderer's index.html with the preload as the first module script, so it runs first. */
export function injectPreload(html: string): string {
  const tag = `<script type="module" src="${PRELOAD_URL}"></script>`;
  const at = html.search(/<script\b/i);
  return at === -1 ? html.replace(/<\/head>/i, `${tag}\n</head>`) : `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
}

export async function serveRendererFile(rendererDir: string, pathname: string, response: ServerResponse): Promise<void> {
  const root = resolve(rendererDir);
  const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  const file = resolve(root, `.${relative}`);
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  if (!file.startsWith(root + sep) || !contentType) {
    sendText(response, 404, 'Not found', 'text/plain; charset=utf-8');
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    sendText(response, 404, 'Not found', 'text/plain; charset=utf-8');
    return;
  }
  if (file === resolve(root, 'index.html')) {
    sendText(response, 200, injectPreload(body.toString('utf8')), contentType);
    return;
  }
  response.writeHead(200, {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}
