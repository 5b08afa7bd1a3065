/**
 * Where the renderer comes from and what it may load. The packaged renderer is served from a
 * privileged custom scheme (not file://), so the page has a real origin, 'self' in the policy
 * means only the app's own files, and every response carries the Content-Security-Policy header.
 * In development the page comes from Forge's Vite dev server instead.
 */
import fs from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { rendererContentSecurityPolicy, resolveRendererFile } from './renderer-files';

export const APP_SCHEME = 'steerling';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export interface RendererOrigin {
  /** The URL the window opens. */
  startUrl: string;
  /** Whether a frame at this URL is the app's own page (the only one allowed to use IPC). */
  isAppUrl(url: string): boolean;
  /** Whether the page may load this URL at all: its own files, plus the dev server's socket. */
  mayRequest(url: string): boolean;
  contentSecurityPolicy: string;
}

/** `devServerUrl` is Forge's MAIN_WINDOW_VITE_DEV_SERVER_URL (undefined in a build). */
export function rendererOrigin(devServerUrl: string | undefined): RendererOrigin {
  const dev = devServerUrl ? new URL(devServerUrl) : undefined;
  // Compared by scheme and host: Node's URL gives custom schemes an opaque origin ("null").
  const appScheme = dev ? dev.protocol : `${APP_SCHEME}:`;
  const appHost = dev ? dev.host : 'app';
  const isAppUrl = (url: string): boolean => {
    try {
      const parsed = new URL(url);
      return parsed.protocol === appScheme && parsed.host === appHost;
    } catch {
      return false;
    }
  };
  const isDevSocket = (url: string): boolean => {
    if (!dev) return false;
    try {
      const parsed = new URL(url);
      return (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') && parsed.host === dev.host;
    } catch {
      return false;
    }
  };
  return {
    startUrl: dev ? dev.href : `${APP_ORIGIN}/index.html`,
    isAppUrl,
    mayRequest: (url) => isAppUrl(url) || isDevSocket(url),
    contentSecurityPolicy: rendererContentSecurityPolicy(dev),
  };
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
}

/** Serves the built renderer folder on steerling://app/, refusing any path that leaves it. */
export function serveRendererFiles(session: Session, rendererDir: string, origin: RendererOrigin): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app' || request.method !== 'GET') return notFound();
    const resolved = resolveRendererFile(rendererDir, url.pathname);
    if (!resolved) return notFound();
    const { file, contentType } = resolved;
    // Read with fs, not net.fetch(file://): the session's request filter allows no file: URLs.
    const body = await fs.readFile(file).catch(() => undefined);
    if (!body) return notFound();
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': contentType,
        'content-security-policy': origin.contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
