/**
 * Runs the packaged main bundle (.vite/build/main.js from an extracted app.asar) against the
 * Electron stand-in, plays a short session through its IPC handler the way the preload would,
 * quits, and prints one line: REPORT <json>. Usage:
 *   node --import ./register.mjs drive-main.mjs <appDir> <model.gguf> <article files...>
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, recorded } from './electron-stand-in.mjs';

const [appDir, modelPath, ...articleFiles] = process.argv.slice(2);
const APP_PAGE = 'steerling://app/index.html';
const report = {};

async function until(condition, what) {
  for (let i = 0; i < 600; i++) {
    const value = condition();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}; events so far: ${JSON.stringify(recorded.sentEvents).slice(-1500)}`);
}

const invoke = (channel, args, frameUrl = APP_PAGE) =>
  recorded.ipcHandlers.get('steerling:invoke')({ senderFrame: { url: frameUrl } }, { channel, args });

const quit = new Promise((resolve) => app.once('quit', resolve));
await import(pathToFileURL(path.join(appDir, '.vite/build/main.js')).href);
await until(() => recorded.ipcHandlers.get('steerling:invoke'), 'the IPC handler');

report.privilegedSchemes = recorded.privilegedSchemes;
report.loadedUrls = recorded.loadedUrls;
report.webPreferences = recorded.windows[0]?.options.webPreferences;
report.preloadExists = (await import('node:fs')).existsSync(report.webPreferences?.preload ?? '');
report.appInfo = await invoke('app.info', {});
report.unknownChannel = await invoke('no.such.channel', {});
report.foreignFrame = await invoke('app.info', {}, 'https://example.com/');
report.articles = [];
for (const file of articleFiles) {
  const response = await invoke('articles.importPath', { path: file });
  report.articles.push({
    file: path.basename(file),
    ok: response.ok,
    format: response.value?.format,
    text: response.value?.text?.slice(0, 400),
    code: response.error?.code,
    message: response.error?.message,
  });
}

const page = await recorded.protocolHandlers.get('steerling')(new Request(APP_PAGE));
report.page = { status: page.status, csp: page.headers.get('content-security-policy'), body: (await page.text()).slice(0, 4000) };
const escape = await recorded.protocolHandlers.get('steerling')(new Request('steerling://app/%2e%2e/%2e%2e/package.json'));
report.escapeStatus = escape.status;
const blocked = await new Promise((resolve) => recorded.sessionHooks.beforeRequest({ url: 'https://example.com/x' }, resolve));
report.remoteRequestCancelled = blocked.cancel;
report.cameraAllowed = await new Promise((resolve) => recorded.sessionHooks.permissionRequest(null, 'media', resolve));

report.modelLoad = await invoke('models.load', { path: modelPath });
const article = await invoke('articles.fromText', { text: 'The river festival returned with boats, music and food.', title: 'Festival' });
/** Starts a summary and resolves with its events, up to its done or error event. */
async function summarise(request) {
  const started = await invoke('summary.start', {
    article: article.value,
    sampling: { temperature: 0, topP: 1, seed: 1, maxTokens: 8, repeatPenalty: 1.1 },
    ...request,
  });
  const jobId = started.value?.jobId;
  if (!jobId) return { started };
  const finished = await until(
    () => recorded.sentEvents.find((e) => ['summary.done', 'summary.error'].includes(e.message.event) && e.message.payload.jobId === jobId),
    'the summary',
  );
  const events = recorded.sentEvents.filter((e) => e.message.payload?.jobId === jobId).map((e) => e.message.event);
  return { events, end: finished.message };
}

const plain = await summarise({ mode: 'plain' });
report.summaryEvents = plain.events;
report.summaryEnd = plain.end;
// Steered mode loads the native steering add-on from where the package put it.
report.steered = await summarise({
  mode: 'steered',
  style: 'shakespearean',
  steering: { method: 'actadd', pairId: 'shakespearean/thou-you', layerStart: 2, layerEnd: 3, coefficient: 4 },
});
// A native crash in the engine: the window hears about it and the model comes back by itself.
const statesBefore = recorded.sentEvents.length;
process.kill(recorded.forks.at(-1).pid, 'SIGKILL');
await until(
  () => recorded.sentEvents.slice(statesBefore).some((e) => e.message.event === 'engine.state' && e.message.payload.state === 'ready' && e.message.payload.model),
  'the engine to come back',
);
report.afterCrash = recorded.sentEvents.slice(statesBefore).filter((e) => e.message.event === 'engine.state').map((e) => e.message.payload);
report.workersStarted = recorded.forks.length;
report.modelAfterCrash = await invoke('models.current', {});

report.eventChannels = [...new Set(recorded.sentEvents.map((e) => e.channel))];
report.engineStates = recorded.sentEvents.filter((e) => e.message.event === 'engine.state').map((e) => e.message.payload.state);
report.history = await invoke('history.list', {});

app.quit();
await quit;
report.handlerAfterQuit = recorded.ipcHandlers.has('steerling:invoke');
process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
process.exit(0);
