/**
 * Locks the session and every web contents down: the page can load only the app's own files,
 * never navigate away or open windows, and is granted no permission except writing text to
 * the clipboard (the "copy summary" button).
 */
import { app, shell, type Session } from 'electron';
import { isAllowedExternalLink } from './external-links';
import type { RendererOrigin } from './renderer-origin';

const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);
const LOCAL_SCHEMES = new Set(['devtools:', 'data:', 'blob:']);

function schemeOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

export function hardenSession(session: Session, origin: RendererOrigin): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = origin.mayRequest(details.url) || LOCAL_SCHEMES.has(schemeOf(details.url));
    if (!allowed) console.warn(`steerling: blocked a request to ${details.url}`);
    callback({ cancel: !allowed });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [origin.contentSecurityPolicy];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(ALLOWED_PERMISSIONS.has(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}

/** Applies to every web contents the app ever creates, including ones it did not mean to. */
export function guardWebContents(origin: RendererOrigin): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url === contents.getURL()) return;
      event.preventDefault();
      // A link to one of the app's own web pages opens in the browser, not this window.
      if (isAllowedExternalLink(url)) void shell.openExternal(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!origin.isAppUrl(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
