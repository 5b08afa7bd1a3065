/**
 * The test bridge writes files and runs the model, so it answers only its own page: another
 * origin, or a request naming another host (DNS rebinding), is refused on POST /invoke and on the
 * event socket; and its page, like the app's, can only name files the dialogs granted.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { expect, test } from './fixtures';

test.use({ bridgeOptions: { loadModel: false } });

async function invokeWith(url: string, headers: Record<string, string>, target: string): Promise<number> {
  const response = await fetch(new URL('invoke', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ channel: 'libraries.export', args: { id: 'builtin', path: target } }),
  });
  return response.status;
}

function socketOpens(url: string, origin: string): Promise<boolean> {
  const socket = new WebSocket(new URL('events', url.replace(/^http/, 'ws')), { origin });
  return new Promise((resolve) => {
    socket.once('open', () => {
      socket.close();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('refuses calls and event sockets from any origin but its own page', async ({ bridge }) => {
  const own = new URL(bridge.url).origin;
  const target = join(bridge.exportDir, 'written.json');
  expect(await invokeWith(bridge.url, {}, target)).toBe(403);
  expect(await invokeWith(bridge.url, { origin: 'http://evil.example' }, target)).toBe(403);
  // A rebound name reaches the same socket with its own Host and Origin.
  const rebound = `http://evil.example:${new URL(bridge.url).port}`;
  expect(await invokeWith(bridge.url, { origin: rebound, host: new URL(rebound).host }, target)).toBe(403);
  expect(existsSync(target)).toBe(false);

  expect(await socketOpens(bridge.url, 'http://evil.example')).toBe(false);
  expect(await socketOpens(bridge.url, own)).toBe(true);
  // Its own origin gets through to the backend, which then asks for a granted path.
  expect(await invokeWith(bridge.url, { origin: own }, target)).toBe(200);
  expect(existsSync(target)).toBe(false);
});

test('its page cannot write or read a file the dialogs did not grant', async ({ app, bridge }) => {
  const target = join(bridge.exportDir, 'forged.json');
  const refused = await app.evaluate(
    (path) => window.steerling.invoke('libraries.export', { id: 'builtin', path }).catch((error: { code: string }) => error.code),
    target,
  );
  expect(refused).toBe('path.not-granted');
  expect(existsSync(target)).toBe(false);

  const chosen = await app.evaluate(async () => {
    const picked = await window.steerling.invoke('dialog.saveFile', { defaultName: 'builtin.json', format: 'json' });
    return window.steerling.invoke('libraries.export', { id: 'builtin', path: picked!.handle });
  });
  expect(chosen.path).toBe(join(bridge.exportDir, 'builtin.json'));
  expect(existsSync(chosen.path)).toBe(true);
});
