/**
 * Serves the built renderer the way the app does: only its own files, with the app's
 * Content-Security-Policy, and the bridge preload injected ahead of the renderer's script.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { rendererContentSecurityPolicy, resolveRendererFile } from '../../../src-main/electron/renderer-files';

/** Exactly the app's policy for a built renderer. */
export const CONTENT_SECURITY_POLICY = rendererContentSecurityPolicy();

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
  const resolved = resolveRendererFile(rendererDir, pathname);
  if (!resolved) {
    sendText(response, 404, 'Not found', 'text/plain; charset=utf-8');
    return;
  }
  const { file, contentType } = resolved;
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    sendText(response, 404, 'Not found', 'text/plain; charset=utf-8');
    return;
  }
  if (file === resolve(rendererDir, 'index.html')) {
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
