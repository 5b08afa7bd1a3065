import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { AppBackend } from '../../backend/backend';
import { articleFilesFrom, describeBatch, runBatch } from '../batch-summary';
import { UsageError } from '../cli-error';
import { parsePositiveInt, parseSampling, type SamplingFlags } from '../parse-options';
import { withBackend } from '../session';
import { runSummaryJob } from '../summary-job';
import { steeringFromFlags, steeringOptions, type SteeringFlags } from './steered-summary';

interface SummarizeFlags extends SamplingFlags, SteeringFlags {
  mode: string;
  style?: string;
  model?: string;
  out?: string;
  outDir?: string;
  format: string;
  contextSize?: string;
  quiet?: boolean;
}

const MODES = ['plain', 'prompted', 'steered'] as const;
type CliMode = (typeof MODES)[number];

export function registerSummarize(program: Command): void {
  const command = program
    .command('summarize')
    .alias('summarise')
    .description(
      'summarise an article file (.txt .md .html .pdf .docx .eml); the summary streams to stdout. ' +
        'Several files or a folder: one after another, a line per article, each saved to the history',
    )
    .argument('<files...>', 'article files, or folders of them')
    .option('--mode <mode>', `plain | prompted | steered`, 'plain')
    .option('--style <id>', 'style for prompted mode, built-in ("noir") or from your libraries ("library:style"); also the default steering pair: the whole style', 'shakespearean')
    .option('--model <id|file>', 'an installed model id (see `models list`) or a GGUF file (env STEERLING_MODEL)')
    .option('--out <file>', 'also write the result with its details to a .txt or .md file (one article)')
    .option('--out-dir <folder>', 'write each summary to this folder, one file per article named from its title')
    .option('--format <format>', 'file type for --out-dir: txt | md | docx', 'md')
    .option('--context-size <tokens>', 'context window; longer articles are summarised in parts')
    .option('--temperature <n>', 'sampling temperature, 0–5')
    .option('--top-p <n>', 'nucleus sampling, (0, 1]')
    .option('--seed <n>', 'random seed; the same seed gives the same summary')
    .option('--max-tokens <n>', 'longest summary, in tokens')
    .option('--repeat-penalty <n>', 'penalty for repeated tokens, 0.5–3')
    .option('-q, --quiet', 'print nothing but errors');
  steeringOptions(command)
    .action(async (fileArgs: string[], flags: SummarizeFlags) => {
      const mode = parseMode(flags.mode);
      const steeringFlags = steeringFromFlags(flags, mode);
      const sampling = parseSampling(flags);
      const contextSize = parsePositiveInt('context-size', flags.contextSize);
      const model = flags.model || process.env.STEERLING_MODEL;
      if (!model) throw new UsageError('No model given: pass --model <id or file.gguf> or set STEERLING_MODEL.');
      const outFormat = flags.out ? exportFormatFor(flags.out) : undefined;
      const batch = fileArgs.length > 1 || flags.outDir !== undefined || isFolder(fileArgs[0]);
      if (batch) {
        if (flags.out) throw new UsageError('--out is for one article; for several, use --out-dir <folder>.');
        const files = articleFilesFrom(fileArgs);
        const format = folderFormatFor(flags.format);
        await withBackend(program, async (backend) => {
          await loadModel(backend, model, contextSize);
          const steering = steeringFlags ? await steeringFlags.resolve(backend, !flags.quiet) : undefined;
          const style = mode === 'prompted' || steering?.prompt === 'styled' ? flags.style : undefined;
          const log = (line: string) => {
            if (!flags.quiet) process.stderr.write(`${line}\n`);
          };
          const result = await runBatch(backend, files, { mode, style, sampling, steering }, log);
          if (flags.outDir && result.done.length > 0) {
            const ids = result.done.map((item) => item.recordId!);
            const written = await backend.handle('history.exportFolder', { ids, format, path: path.resolve(flags.outDir) });
            log(`Saved ${written.files.length} ${written.files.length === 1 ? 'summary' : 'summaries'} to ${written.dir}`);
          }
          // The closing line is printed even with --quiet: it names what failed.
          const closing = describeBatch(result, files.length);
          if (result.failed.length > 0) {
            process.stderr.write(`${closing}\n`);
            for (const item of result.failed) process.stderr.write(`  ${item.name}: ${item.message ?? item.code ?? 'failed'}\n`);
            process.exitCode = 1;
          } else {
            log(closing);
            if (result.cancelled.length > 0) process.exitCode = 130;
          }
        });
        return;
      }
      const file = fileArgs[0];

      await withBackend(program, async (backend) => {
        const article = await backend.handle('articles.importPath', { path: path.resolve(file) });
        await loadModel(backend, model, contextSize);
        const steering = steeringFlags ? await steeringFlags.resolve(backend, !flags.quiet) : undefined;
        // A steered run names its style only when it writes from the style's prompt.
        const style = mode === 'prompted' || steering?.prompt === 'styled' ? flags.style : undefined;
        const record = await runSummaryJob(backend, { article, mode, style, sampling, steering }, !flags.quiet);
        if (flags.out && outFormat) {
          const written = await backend.handle('history.export', { ids: [record.id], format: outFormat, path: path.resolve(flags.out) });
          if (!flags.quiet) process.stderr.write(`Saved to ${written.path}\n`);
        }
        if (record.cancelled) process.exitCode = 130;
      });
    });
}

/**
 * A file that exists is loaded as a file; anything else is looked up among installed models, so
 * `--model mistral-7b-instruct-v0.2.Q4_K_M` works from any folder.
 */
export async function loadModel(backend: AppBackend, model: string, contextSize: number | undefined): Promise<void> {
  if (fs.existsSync(model)) {
    await backend.handle('models.load', { path: path.resolve(model), contextSize });
    return;
  }
  try {
    await backend.handle('models.use', { id: model, contextSize });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'not-installed') throw error;
    throw new Error(`There is no file "${model}" and no installed model with that id. See "steerling models list".`, { cause: error });
  }
}

function isFolder(arg: string): boolean {
  try {
    return fs.statSync(arg).isDirectory();
  } catch {
    return false;
  }
}

function folderFormatFor(raw: string): 'txt' | 'md' | 'docx' {
  if (raw === 'txt' || raw === 'md' || raw === 'docx') return raw;
  throw new UsageError(`--format must be txt, md or docx (got "${raw}").`);
}

function parseMode(raw: string): CliMode {
  if ((MODES as readonly string[]).includes(raw)) return raw as CliMode;
  throw new UsageError(`--mode must be one of ${MODES.join(', ')} (got "${raw}").`);
}

function exportFormatFor(file: string): 'txt' | 'md' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.txt' || ext === '') return 'txt';
  throw new UsageError(`--out must name a .txt or .md file (got "${file}").`);
}
