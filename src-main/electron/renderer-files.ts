/**
 * The renderer's policy as data, free of Electron so the browser test bridge serves the page
 * under exactly the app's rules: the Content-Security-Policy and which built files may be served.
 */
import path from 'node:path';

/** No policy here allows eval or remote hosts. `dev` (Forge's Vite server) adds only what it needs. */
export function rendererContentSecurityPolicy(dev?: URL): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The dev server injects component CSS through script-made <style> elements and talks to its
    // page over a WebSocket; a build needs neither.
    dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    dev ? `connect-src 'self' ws://${dev.host}` : "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Only what a Vite build of the renderer emits; anything else is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file a URL path names inside the built renderer folder, with its content type; null for a
 * path that leaves the folder or a kind of file a build never emits.
 */
export function resolveRendererFile(rendererDir: string, urlPath: string): { file: string; contentType: string } | null {
  const root = path.resolve(rendererDir);
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(root, `.${relative}`);
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!file.startsWith(root + path.sep) || !contentType) return null;
  return { file, contentType };
}
