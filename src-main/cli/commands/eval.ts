import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { EvalScoreResult } from '../../ipc/contract';
import { UsageError } from '../cli-error';
import { formatScores } from '../eval-format';
import { loadChosenModel, modelChoice, modelOptions, type ModelFlags } from '../eval-options';
import { withBackend } from '../session';

interface EvalFlags extends ModelFlags {
  article?: string;
  plain?: string;
  style?: string;
  judge?: boolean;
  json?: boolean;
}

function readText(flag: string, file: string): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.trim()) throw new UsageError(`${flag} ${file} is empty; there is nothing to score.`);
    return text;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${flag} ${file} could not be read: ${(error as Error).message}`);
  }
}

export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description('score a saved summary (by history id) or a text file against its article: style, content, facts, fluency')
    .argument('<result-id|file>', 'a history id (see `history list`) or a text file with a summary')
    .option('--article <file>', 'the article a summary file is scored against (any importable format)')
    .option('--plain <file>', 'a plain summary of the same article, for ROUGE against it (files only; saved summaries find theirs)')
    .option('--style <ref>', 'style or pair to score against, e.g. shakespearean (default: the saved summary\'s own; plain English for files)')
    .option('--judge', 'also ask the model for 1–5 ratings (slow: it writes an answer)')
    .option('--json', 'machine-readable output');
  modelOptions(command).action(async (target: string, flags: EvalFlags) => {
    const isFile = fs.existsSync(target) && fs.statSync(target).isFile();
    if (isFile && !flags.article) throw new UsageError(`To score the file ${target}, give the article it summarises with --article <file>.`);
    if (!isFile && (flags.article || flags.plain)) throw new UsageError(`"${target}" is not a file, so it is read as a history id; --article and --plain only apply to files.`);
    const summary = isFile ? readText('The summary file', target) : undefined;
    const plain = flags.plain ? readText('--plain', flags.plain) : undefined;
    const choice = modelChoice(flags, false);

    await withBackend(program, async (backend) => {
      await loadChosenModel(backend, choice);
      let result: EvalScoreResult;
      let title: string;
      if (summary !== undefined) {
        const article = await backend.handle('articles.importPath', { path: path.resolve(flags.article!) });
        title = article.title;
        result = await backend.handle('eval.scoreText', { output: summary, article: { title: article.title, text: article.text }, plainSummary: plain, style: flags.style, judge: Boolean(flags.judge) });
      } else {
        const scored = await backend.handle('eval.score', { recordId: target, style: flags.style, judge: Boolean(flags.judge) }).catch((error: unknown) => {
          if ((error as { code?: unknown }).code !== 'history.not-found') throw error;
          throw new Error(`There is no file and no saved summary called "${target}" (see "steerling history list").`, { cause: error });
        });
        title = (await backend.handle('history.get', { id: target })).article.title;
        result = scored;
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const against = result.plainRecordId ? `; ROUGE against plain summary ${result.plainRecordId}` : '';
      process.stdout.write(`Scores for "${title}" (style: ${result.style ?? 'plain English'}${against})\n`);
      process.stdout.write(`${formatScores(result.scores).join('\n')}\n`);
    });
  });
}
