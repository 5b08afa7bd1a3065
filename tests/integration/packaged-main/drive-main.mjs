/**
 * Runs the packaged main bundle (.vite/build/main.js from an extracted app.asar) against the
 * Electron stand-in, plays a short session through its IPC handler the way the preload would,
 * quits, and prints one line: REPORT <json>. Usage:
 *   node --import ./register.mjs drive-main.mjs <appDir> <model.gguf> <article files...>
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, dialogAnswers, holdReady, recorded, system } from './electron-stand-in.mjs';

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
// The writer opens articles from the file manager: Steerling starts with the first three as
// arguments (relative to the shell's folder, after a switch), macOS sends the fourth before the
// app is ready, and once it runs a second launch brings the fifth and Finder the first again.
const [docx, pdf, eml, html, txt] = articleFiles;
const articlesDir = path.dirname(docx);
process.chdir(articlesDir);
process.argv = [process.execPath, '--no-sandbox', ...[docx, pdf, eml].map((file) => path.basename(file))];
const releaseReady = holdReady();
await import(pathToFileURL(path.join(appDir, '.vite/build/main.js')).href);
report.openFileHandledBeforeReady = system.openFile(html);
releaseReady();
await until(() => recorded.ipcHandlers.get('steerling:invoke'), 'the IPC handler');

report.privilegedSchemes = recorded.privilegedSchemes;
report.loadedUrls = recorded.loadedUrls;
report.webPreferences = recorded.windows[0]?.options.webPreferences;
report.preloadExists = (await import('node:fs')).existsSync(report.webPreferences?.preload ?? '');
report.appInfo = await invoke('app.info', {});
report.unknownChannel = await invoke('no.such.channel', {});
report.foreignFrame = await invoke('app.info', {}, 'https://example.com/');
const openedAtStart = await invoke('app.openedFiles', {});
report.openedAtStart = openedAtStart.value.map((file) => file.name);
const openedEvents = () => recorded.sentEvents.filter((e) => e.message.event === 'app.filesOpened').map((e) => e.message.payload.files);
system.secondInstance(['/usr/bin/steerling', '--original-process-start-time=1', path.basename(txt)], articlesDir);
system.openFile(docx);
report.openedLater = openedEvents().map((files) => files.map((file) => file.name));
report.openedAgainAtStart = (await invoke('app.openedFiles', {})).value;
report.rawPath = await invoke('articles.importPath', { path: txt });
report.articles = [];
for (const opened of [...openedAtStart.value, ...openedEvents()[0]]) {
  const response = await invoke('articles.importPath', { path: opened.handle });
  report.articles.push({
    file: opened.name,
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

dialogAnswers.push(modelPath);
const chosenModel = await invoke('dialog.openFile', { kind: 'model' });
report.modelLoad = await invoke('models.load', { path: chosenModel.value.handle });
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
// Article imports run in workers of their own; the engine's is the one to crash.
const engineWorkers = () => recorded.forks.filter((proc) => proc.modulePath.endsWith('engine-worker.js'));
process.kill(engineWorkers().at(-1).pid, 'SIGKILL');
await until(
  () => recorded.sentEvents.slice(statesBefore).some((e) => e.message.event === 'engine.state' && e.message.payload.state === 'ready' && e.message.payload.model),
  'the engine to come back',
);
report.afterCrash = recorded.sentEvents.slice(statesBefore).filter((e) => e.message.event === 'engine.state').map((e) => e.message.payload);
report.workersStarted = engineWorkers().length;
report.modelAfterCrash = await invoke('models.current', {});

report.eventChannels = [...new Set(recorded.sentEvents.map((e) => e.channel))];
report.engineStates = recorded.sentEvents.filter((e) => e.message.event === 'engine.state').map((e) => e.message.payload.state);
report.history = await invoke('history.list', {});

app.quit();
await quit;
report.handlerAfterQuit = recorded.ipcHandlers.has('steerling:invoke');
process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
process.exit(0);
