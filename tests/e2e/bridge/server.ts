/**
 * The browser test bridge: serves the built renderer and implements the IPC contract over HTTP
 * (POST /invoke) and a WebSocket (/events) with the real core — articles, history in a data
 * folder, and the engine in a child process running a GGUF model. Playwright drives the UI
 * through it in Chromium; a developer can run it by hand to use the UI in a browser:
 *
 *   npx tsx tests/e2e/bridge/server.ts --model path/to/model.gguf
 *   npx tsx tests/e2e/bridge/server.ts --tiny-model          (generates the test model)
 *   npx tsx tests/e2e/bridge/server.ts                       (no model: the first-run screen;
 *                                 STEERLING_CATALOG and HF_ENDPOINT point downloads at a test hub)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { createAppBackend } from '../../../src-main/backend/app-backend';
import type { ModelManagerOptions } from '../../../src-main/core/models/model-manager';
import type { AppBackend } from '../../../src-main/backend/backend';
import type { IpcResponse } from '../../../src-main/ipc/contract';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { steeringEngineEnv } from '../../../src-main/backend/steering-folders';
import { PathGrants } from '../../../src-main/backend/path-access';
import { bridgeScript } from './browser-scripts';
import { BridgeDialogs } from './dialogs';
import { createBridgeEngine } from './engine';
import { sendText, serveRendererFile } from './static-files';
import { decodeWire, encodeWire, type EventFrame, type InvokeBody } from './wire';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** STEERLING_RENDERER_DIR: a renderer built elsewhere, so a run does not depend on a shared build folder. */
export const DEFAULT_RENDERER_DIR = process.env.STEERLING_RENDERER_DIR
  ? resolve(process.env.STEERLING_RENDERER_DIR)
  : join(repoRoot, '.vite', 'renderer', 'main_window');
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface BridgeOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** History and other app data live here. */
  dataDir: string;
  /**
   * Loaded at start and returned by the "open model" dialog. With `loadModel: false` it is linked
   * into the models folder instead, as a returning writer's installed model that is not loaded
   * yet; without any model path the app opens on its first-run screen.
   */
  modelPath?: string;
  loadModel?: boolean;
  /** Model manager options: a test catalog, `env` with HF_ENDPOINT at a local hub, `gpu: false`… */
  models?: Partial<ModelManagerOptions>;
  /** Where the "save" dialog puts exports. */
  exportDir: string;
  /** Returned by the "open article" dialog. */
  articlePath?: string;
  rendererDir?: string;
  version?: string;
}

export interface Bridge {
  url: string;
  backend: AppBackend;
  dialogs: BridgeDialogs;
  /** Grants file paths the way the dialogs do, for tests that call `backend` directly. */
  paths: PathGrants;
  /** The engine worker's current process id. */
  engineWorkerPid(): number | undefined;
  close(): Promise<void>;
}

function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
  return version ?? '0.0.0';
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('The request is too large for the test bridge.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The bridge writes files and runs the model, so only its own page may call it: a request must
 * name the bridge as its Host (no DNS rebinding) and come from the bridge's own Origin (no other
 * site open in the same browser). Browsers always send Origin on a POST and a WebSocket upgrade.
 */
export function isOwnPageRequest(request: IncomingMessage, origin: string): boolean {
  const own = new URL(origin);
  return request.headers.host === own.host && request.headers.origin === own.origin;
}

async function answerInvoke(backend: AppBackend, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let reply: IpcResponse<unknown>;
  try {
    const body = decodeWire(await readBody(request)) as Partial<InvokeBody>;
    const value = await backend.handle(body.channel as never, body.args);
    reply = { ok: true, value: value ?? null };
  } catch (error) {
    reply = { ok: false, error: toIpcErrorPayload(error) };
  }
  sendText(response, 200, encodeWire(reply), 'application/json; charset=utf-8');
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (no ${join(rendererDir, 'index.html')}). Run: npm run build:renderer`);
  }
  mkdirSync(options.dataDir, { recursive: true });
  mkdirSync(options.exportDir, { recursive: true });

  const dialogs = new BridgeDialogs(options);
  const paths = new PathGrants();
  const { engine, workerPid } = createBridgeEngine(steeringEngineEnv(options.dataDir));
  const backend = createAppBackend({
    dataDir: options.dataDir,
    engine,
    dialogs,
    paths,
    shell: 'bridge',
    version: options.version ?? packageVersion(),
    models: options.models,
  });

  let origin = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://bridge');
    if (request.method === 'POST' && url.pathname === '/invoke') {
      if (!isOwnPageRequest(request, origin)) {
        sendText(response, 403, 'Only the bridge page may call the bridge.', 'text/plain; charset=utf-8');
        return;
      }
      void answerInvoke(backend, request, response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'Method not allowed', 'text/plain; charset=utf-8');
      return;
    }
    const script = /^\/__bridge\/([\w-]+)\.js$/.exec(url.pathname);
    if (script) {
      const compiled = bridgeScript(script[1]);
      if (!compiled) sendText(response, 404, 'Not found', 'text/plain; charset=utf-8');
      else
        compiled.then(
          (code) => sendText(response, 200, code, 'text/javascript; charset=utf-8'),
          (error: unknown) => sendText(response, 500, String(error), 'text/plain; charset=utf-8'),
        );
      return;
    }
    void serveRendererFile(rendererDir, url.pathname, response);
  });

  const sockets = new WebSocketServer({
    server,
    path: '/events',
    verifyClient: ({ req }: { req: IncomingMessage }) => isOwnPageRequest(req, origin),
  });
  const stopEvents = backend.onEvent((event, payload) => {
    const frame: EventFrame = { event, payload };
    const message = encodeWire(frame);
    for (const socket of sockets.clients as Set<WebSocket>) {
      if (socket.readyState === socket.OPEN) socket.send(message);
    }
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/`;
  origin = new URL(url).origin;

  if (options.modelPath && options.loadModel !== false) {
    await backend.handle('models.load', { path: paths.grant(options.modelPath, 'read') });
  } else if (options.modelPath) {
    await backend.handle('models.import', { path: paths.grant(options.modelPath, 'read'), mode: 'link' });
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    backend,
    dialogs,
    paths,
    engineWorkerPid: workerPid,
    close() {
      closing ??= (async () => {
        stopEvents();
        for (const socket of sockets.clients) socket.terminate();
        await new Promise<void>((done) => sockets.close(() => done()));
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
        await backend.dispose();
      })();
      return closing;
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      'tiny-model': { type: 'boolean', default: false },
      port: { type: 'string', default: '5199' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      'export-dir': { type: 'string' },
      article: { type: 'string' },
    },
  });
  let modelPath = values.model ? resolve(values.model) : undefined;
  if (!modelPath && values['tiny-model']) {
    const { createTinyModel } = await import('../../fixtures/gguf/tiny-model');
    modelPath = await createTinyModel();
  }
  const scratch = values['data-dir'] && values['export-dir'] ? undefined : mkdtempSync(join(tmpdir(), 'steerling-bridge-'));
  const bridge = await startBridge({
    port: Number(values.port),
    host: values.host,
    dataDir: resolve(values['data-dir'] ?? join(scratch ?? '', 'data')),
    exportDir: resolve(values['export-dir'] ?? join(scratch ?? '', 'exports')),
    modelPath,
    articlePath: values.article ? resolve(values.article) : undefined,
  });
  console.log(`Steerling bridge: ${bridge.url}`);
  console.log(modelPath ? `Model: ${modelPath}` : 'No model: pass --model <file.gguf> or --tiny-model');
  const stop = () => {
    void bridge.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
