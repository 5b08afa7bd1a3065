/**
 * `steerling steer …`: pair libraries and control vectors from the terminal, over the same
 * backend channels the app uses (libraries.*, vectors.*).
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { AppBackend } from '../../backend/backend';
import type { LibraryListView, VectorFileView } from '../../ipc/contract';
import { UsageError } from '../cli-error';
import { parsePositiveInt } from '../parse-options';
import { withBackend } from '../session';
import { describeLayers, LAYER_WORDS, parseBuildMethod, parseLayerRange, parsePositions } from '../steering-options';
import { loadModel } from './summarize';

const json = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

function reference(libraryId: string, builtin: boolean, rest: string): string {
  return builtin ? rest : `${libraryId}:${rest}`;
}

export function formatLibraries(list: LibraryListView): string {
  const lines: string[] = [];
  for (const library of list.libraries) {
    lines.push(`${library.name} (${library.id})${library.builtin ? ' — built in, read-only' : ''}`);
    for (const style of library.styles) {
      const suggested = style.suggested
        ? ` · suggested: ${style.suggested.method}, ${describeLayers(style.suggested.layerStart, style.suggested.layerEnd)}, coefficient ${style.suggested.coefficient}`
        : '';
      lines.push(`  ${reference(library.id, library.builtin, style.id)}  ${style.name} — ${style.pairs.length} pair${style.pairs.length === 1 ? '' : 's'}${suggested}`);
      for (const pair of style.pairs) {
        lines.push(`    ${reference(library.id, library.builtin, `${style.id}/${pair.id}`)}  "${pair.positive}" / "${pair.negative}"`);
      }
    }
    lines.push('');
  }
  for (const { file, message } of list.unreadable) lines.push(`Could not read ${file}: ${message}`);
  lines.push(`Your libraries are in ${list.folder}`);
  return `${lines.join('\n')}\n`;
}

export function formatVector(view: VectorFileView): string {
  const lines = [
    view.path,
    `Layers: ${view.layers.join(', ')}; in the file: direction.${view.directions.join(', direction.')} (${LAYER_WORDS})`,
    `Dimensions: ${view.nEmbd} · model hint: ${view.modelHint ?? 'none'} · layer count: ${view.layerCount ?? 'not given'}`,
    `Lengths: ${view.norms.map(({ layer, norm }) => `${layer}: ${norm.toPrecision(4)}`).join(', ')}`,
  ];
  const own = Object.entries(view.steerling).filter(([key]) => key !== 'layer_convention');
  if (own.length > 0) lines.push('Made by Steerling:', ...own.map(([key, value]) => `  ${key}: ${value}`));
  else lines.push('No Steerling metadata (made by another tool).');
  if (view.fit) lines.push(view.fit.ok ? view.fit.message : `Does not fit: ${view.fit.message}`);
  return `${lines.join('\n')}\n`;
}

interface BuildFlags {
  pair?: string;
  style?: string;
  method: string;
  layers?: string;
  positions: string;
  centre?: boolean;
  out: string;
  model?: string;
  contextSize?: string;
  force?: boolean;
  quiet?: boolean;
}

async function build(backend: AppBackend, flags: BuildFlags, model: string): Promise<void> {
  const method = parseBuildMethod(flags.method);
  const positions = parsePositions(flags.positions);
  const layers = flags.layers === undefined ? undefined : parseLayerRange('layers', flags.layers);
  await loadModel(backend, model, parsePositiveInt('context-size', flags.contextSize));
  const { defaults } = await backend.handle('steering.info', {});
  // Ctrl-C stops the build; nothing is saved.
  const onInterrupt = () => void backend.handle('vectors.cancel', {}).catch(() => undefined);
  process.on('SIGINT', onInterrupt);
  const unsubscribe = backend.onEvent((event, payload) => {
    if (event !== 'vectors.progress' || flags.quiet) return;
    const progress = payload as { stage: string; done: number; total: number };
    process.stderr.write(progress.stage === 'saving' ? 'Saving…\n' : `Reading pairs: ${progress.done} of ${progress.total}\n`);
  });
  try {
    const result = await backend.handle('vectors.build', {
      ...(flags.pair !== undefined ? { pairId: flags.pair } : { style: flags.style ?? 'shakespearean' }),
      method,
      layerStart: layers?.layerStart ?? defaults.layerStart,
      layerEnd: layers?.layerEnd ?? defaults.layerEnd,
      positions,
      centre: Boolean(flags.centre),
      path: path.resolve(flags.out),
      overwrite: Boolean(flags.force),
    }).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'steering.file-exists') {
        throw new Error(`There is already a file at ${path.resolve(flags.out)}, so nothing was built. Choose another --out, or pass --force to replace it.`, { cause: error });
      }
      throw error;
    });
    process.stdout.write(
      `Saved ${result.path} (${result.bytes} bytes): ${result.method} of ${result.pairCount} pair${result.pairCount === 1 ? '' : 's'} from ${result.pairReference}, ` +
        `${describeLayers(result.layers[0], result.layers[result.layers.length - 1])} (direction.${result.layers[0] - 1}–${result.layers[result.layers.length - 1] - 1} in llama.cpp).\n`,
    );
  } finally {
    unsubscribe();
    process.off('SIGINT', onInterrupt);
  }
}

export function registerSteer(program: Command): void {
  const steer = program.command('steer').description('steering pair libraries and control vectors: list, build, export, import, inspect');

  steer
    .command('list')
    .description('pair libraries with their styles and pairs (the references --pair takes)')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => {
      await withBackend(program, async (backend) => {
        const list = await backend.handle('libraries.list', {});
        if (flags.json) json(list);
        else process.stdout.write(formatLibraries(list));
      });
    });

  steer
    .command('build')
    .description('build a control vector from a pair or a whole style with a model, and save it as .gguf')
    .option('--pair <ref>', 'pair reference [library:]style[/pair]')
    .option('--style <id>', 'every pair of a style (default shakespearean)')
    .option('--method <method>', 'mean (mean of differences, CAA) | pca (first principal component)', 'mean')
    .option('--layers <L1..L2>', 'layer or inclusive range; layer L = input of block L (default: a middle range for the model)')
    .option('--positions <which>', 'token positions of each side: all (but BOS) | last', 'all')
    .option('--centre', 'pca: subtract the mean difference first')
    .requiredOption('-o, --out <file.gguf>', 'where to save the vector')
    .option('--force', 'replace --out if it exists')
    .option('--model <id|file>', 'an installed model id or a GGUF file (env STEERLING_MODEL)')
    .option('--context-size <tokens>', 'context window of the model')
    .option('-q, --quiet', 'no progress')
    .action(async (flags: BuildFlags) => {
      if (flags.pair !== undefined && flags.style !== undefined) throw new UsageError('Give either --pair or --style, not both.');
      if (!flags.out.toLowerCase().endsWith('.gguf')) throw new UsageError(`--out must name a .gguf file (got "${flags.out}").`);
      parseBuildMethod(flags.method);
      parsePositions(flags.positions);
      if (flags.layers !== undefined) parseLayerRange('layers', flags.layers);
      const model = flags.model || process.env.STEERLING_MODEL;
      if (!model) throw new UsageError('No model given: pass --model <id or file.gguf> or set STEERLING_MODEL.');
      await withBackend(program, (backend) => build(backend, flags, model));
    });

  steer
    .command('export')
    .description('write a pair library (yours or the built-in one) to a JSON file')
    .argument('<library>', 'library id from `steer list`')
    .requiredOption('-o, --out <file.json>', 'target file')
    .action(async (id: string, flags: { out: string }) => {
      await withBackend(program, async (backend) => {
        const written = await backend.handle('libraries.export', { id, path: path.resolve(flags.out) });
        process.stdout.write(`Exported "${id}" to ${written.path} (${written.bytes} bytes)\n`);
      });
    });

  steer
    .command('import')
    .description('add a pair library from a JSON file (format steerling-pair-library, version 1)')
    .argument('<file.json>', 'the library file')
    .action(async (file: string) => {
      await withBackend(program, async (backend) => {
        const { library, renamedFrom, alreadyImported } = await backend.handle('libraries.import', { path: path.resolve(file) });
        if (alreadyImported) {
          process.stdout.write(`"${library.name}" is already imported, as ${library.id}; nothing was added.\n`);
          return;
        }
        const renamed = renamedFrom ? ` (its id "${renamedFrom}" was taken)` : '';
        const pairs = library.styles.reduce((sum, style) => sum + style.pairs.length, 0);
        process.stdout.write(`Imported "${library.name}" as ${library.id}${renamed}: ${library.styles.length} styles, ${pairs} pairs.\n`);
        if (library.styles[0]) process.stdout.write(`Use it with: --pair ${library.id}:${library.styles[0].id}\n`);
      });
    });

  steer
    .command('inspect')
    .description('what a control-vector file holds: layers, size, model hint, how it was made')
    .argument('<file.gguf>', 'a control vector (Steerling, llama.cpp cvector-generator or repeng)')
    .option('--model <id|file>', 'also say whether it fits this model')
    .option('--json', 'machine-readable output')
    .action(async (file: string, flags: { model?: string; json?: boolean }) => {
      await withBackend(program, async (backend) => {
        if (flags.model) await loadModel(backend, flags.model, undefined);
        const view = await backend.handle('vectors.inspect', { path: path.resolve(file) });
        if (flags.json) json(view);
        else process.stdout.write(formatVector(view));
      });
    });
}
