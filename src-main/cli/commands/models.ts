import path from 'node:path';
import type { Command } from 'commander';
import { normaliseHubEndpoint } from '../../core/models/catalog';
import type { AppBackend } from '../../backend/backend';
import type { DownloadView, EventPayloads } from '../../ipc/contract';
import { UsageError } from '../cli-error';
import { formatHardware, formatModelList } from '../model-listing';
import { ProgressBar } from '../progress-bar';
import { withBackend } from '../session';

const json = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

export function registerModels(program: Command): void {
  const models = program.command('models').description('models: list, download, import, remove, and what this computer can run');

  models
    .command('list')
    .description('installed models, unfinished downloads, and the models available to download with how each would run here')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      await withBackend(program, async (backend) => {
        const installed = await backend.handle('models.installed', {});
        const catalog = await backend.handle('models.catalog', {});
        if (flags.json) json({ installed, catalog });
        else process.stdout.write(formatModelList(installed, catalog));
      });
    });

  models
    .command('download')
    .description('download a model (Ctrl-C pauses and keeps what is downloaded; run it again to continue)')
    .argument('<id>', 'id from `models list`, its file name, or its quantisation (e.g. Q4_K_M)')
    .option('--hub <url>', 'download server, e.g. a Hugging Face mirror (env HF_ENDPOINT); a token comes from env HF_TOKEN')
    .option('--accept-unverified', 'install the file even if neither the model list nor the server gives a checksum to check it by')
    .action(async (id: string, flags: { hub?: string; acceptUnverified?: boolean }) => {
      const hubEndpoint = flags.hub === undefined ? undefined : parseHub(flags.hub);
      await withBackend(program, (backend) => download(backend, id, flags.acceptUnverified ?? false), { hubEndpoint });
    });

  models
    .command('import')
    .description('add a GGUF model file you already have (copied into the models folder, or linked with --link)')
    .argument('<file>', 'a .gguf file')
    .option('--link', 'leave the file where it is and link to it (no second copy on the disk)')
    .action(async (file: string, flags: { link?: boolean }) => {
      await withBackend(program, async (backend) => {
        const model = await backend.handle('models.import', { path: path.resolve(file), mode: flags.link ? 'link' : 'copy' });
        process.stdout.write(`Imported ${model.label} as "${model.id}" (${flags.link ? `linked to ${model.linkTarget}` : 'copied'}).\n`);
        process.stdout.write(`Use it with: steerling summarize <article> --model ${model.id}\n`);
      });
    });

  models
    .command('rm')
    .alias('remove')
    .description('delete an installed model (only the link for linked imports) or an unfinished download')
    .argument('<id>', 'id from `models list`')
    .action(async (id: string) => {
      await withBackend(program, async (backend) => {
        const { models: installed, downloads } = await backend.handle('models.installed', {});
        const wanted = id.replace(/\.gguf$/i, '').toLowerCase();
        const download = downloads.find((d) => d.id.toLowerCase() === wanted || d.catalogId?.toLowerCase() === wanted);
        if (!installed.some((m) => m.id.toLowerCase() === wanted) && download) {
          await backend.handle('models.cancel', { id: download.id });
          process.stdout.write(`Deleted the unfinished download of ${download.label}.\n`);
          return;
        }
        const { id: deleted } = await backend.handle('models.delete', { id });
        process.stdout.write(`Deleted ${deleted}.\n`);
      });
    });

  models
    .command('gpu')
    .description('what this computer offers a model: graphics card, memory, processor, and an honest speed warning')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      await withBackend(program, async (backend) => {
        const hardware = await backend.handle('models.hardware', {});
        if (flags.json) json(hardware);
        else process.stdout.write(formatHardware(hardware));
      });
    });
}

function parseHub(raw: string): string {
  try {
    return normaliseHubEndpoint(raw);
  } catch (error) {
    throw new UsageError(`--hub: ${(error as Error).message}`);
  }
}

type StatePayload = EventPayloads['models.state'];
const FINAL_STATES = new Set<StatePayload['state']>(['done', 'failed', 'cancelled', 'paused']);

/**
 * Runs one download to its end. Ctrl-C (or SIGTERM) pauses it: the bytes so far stay on disk and
 * the same command continues them. A second Ctrl-C leaves at once; the bytes are still kept.
 */
async function download(backend: AppBackend, requested: string, acceptUnverified: boolean): Promise<void> {
  const bar = new ProgressBar();
  let started: DownloadView | undefined;
  let stopping = false;
  // This process runs one download, so every model event is about it.
  let settle: (payload: StatePayload) => void = () => undefined;
  const finished = new Promise<StatePayload>((resolve) => (settle = resolve));
  const unsubscribe = backend.onEvent((event, payload) => {
    if (event === 'models.progress') bar.update(payload as EventPayloads['models.progress']);
    if (event !== 'models.state') return;
    const state = payload as StatePayload;
    if (FINAL_STATES.has(state.state)) settle(state);
    else if (state.message) bar.note(state.message);
  });
  const pause = () => {
    if (started) void backend.handle('models.pause', { id: started.id }).catch(() => undefined);
  };
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    bar.note('Pausing… (the part downloaded so far is kept)');
    pause();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    started = await backend.handle('models.download', { id: requested, acceptUnverified });
    if (started.state === 'done') {
      process.stdout.write(`${started.label} is already installed as "${started.id}".\n`);
      return;
    }
    process.stderr.write(`Downloading ${started.label} (${started.fileName})\n`);
    if (stopping) pause();
    const outcome = await finished;
    bar.clear();
    switch (outcome.state) {
      case 'done':
        process.stdout.write(`Installed ${started.label} as "${started.id}". Use it with: steerling summarize <article> --model ${started.id}\n`);
        return;
      case 'paused':
        process.stderr.write(`${outcome.message ?? 'Paused.'} Run "steerling models download ${started.id}" again to continue.\n`);
        process.exitCode = 130;
        return;
      default:
        throw new Error(outcome.message ?? `The download of ${started.label} stopped.`);
    }
  } finally {
    unsubscribe();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
