import path from 'node:path';
import type { Command } from 'commander';
import type { HistoryRecord } from '../../core/history/record';
import type { SteeringSettings } from '../../core/engine/steering-settings';
import { UsageError } from '../cli-error';
import { parsePositiveInt } from '../parse-options';
import { withBackend } from '../session';
import { describeLayers, LAYER_WORDS } from '../steering-options';

export function registerHistory(program: Command): void {
  const history = program.command('history').description('saved summaries: list, show, export');

  history
    .command('list')
    .description('newest first; --search finds words in titles, summaries and articles')
    .option('-s, --search <words>', 'full-text search')
    .option('-n, --limit <n>', 'how many to show', '20')
    .option('--json', 'machine-readable output')
    .action(async (flags: { search?: string; limit: string; json?: boolean }) => {
      const limit = parsePositiveInt('limit', flags.limit) ?? 20;
      await withBackend(program, async (backend) => {
        const { items, total, capped } = await backend.handle('history.list', { query: flags.search, limit, offset: 0 });
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ items, total, capped }, null, 2)}\n`);
          return;
        }
        if (items.length === 0) {
          process.stdout.write(flags.search ? `No saved summary matches "${flags.search}".\n` : 'No saved summaries yet.\n');
          return;
        }
        for (const item of items) {
          const style = item.style ? ` (${item.style})` : '';
          process.stdout.write(`${item.id}  ${item.createdAt.slice(0, 16).replace('T', ' ')}  ${item.mode}${style}  ${item.title}\n`);
        }
        process.stdout.write(capped ? `${items.length} of the newest ${total} matches shown (more match; add words to narrow)\n` : `${items.length} of ${total} shown\n`);
      });
    });

  history
    .command('show')
    .description('print one saved summary with its settings')
    .argument('<id>', 'id from `history list`')
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: { json?: boolean }) => {
      await withBackend(program, async (backend) => {
        const record = await backend.handle('history.get', { id });
        process.stdout.write(flags.json ? `${JSON.stringify(record, null, 2)}\n` : formatRecord(record));
      });
    });

  history
    .command('export')
    .description('write one or more saved summaries to a .txt or .md file')
    .argument('<ids...>', 'ids from `history list`')
    .requiredOption('-o, --out <file>', 'target file')
    .option('-f, --format <format>', 'txt | md (default: from the file extension)')
    .action(async (ids: string[], flags: { out: string; format?: string }) => {
      const format = flags.format ?? (/\.(md|markdown)$/i.test(flags.out) ? 'md' : 'txt');
      if (format !== 'txt' && format !== 'md') throw new UsageError(`--format must be txt or md (got "${format}").`);
      await withBackend(program, async (backend) => {
        const written = await backend.handle('history.export', { ids, format, path: path.resolve(flags.out) });
        process.stdout.write(`Exported ${ids.length} summar${ids.length === 1 ? 'y' : 'ies'} to ${written.path} (${written.bytes} bytes)\n`);
      });
    });
}

function formatRecord(record: HistoryRecord): string {
  const s = record.sampling;
  const lines = [
    record.article.title,
    `Source: ${record.article.source} · ${record.article.wordCount} words`,
    `Mode: ${record.mode}${record.style ? ` (${record.style})` : ''} · Model: ${record.modelId} · ${record.createdAt}`,
    `Sampling: temperature ${s.temperature}, top-p ${s.topP}, seed ${s.seed}, max tokens ${s.maxTokens}, repeat penalty ${s.repeatPenalty}`,
    ...(record.steering ? [steeringLine(record.steering)] : []),
    `Tokens: ${record.stats.promptTokens} in, ${record.stats.outputTokens} out · ${Math.round(record.stats.totalMs)} ms${record.cancelled ? ' · stopped early' : ''}`,
    '',
    record.output,
    '',
  ];
  return lines.join('\n');
}

function steeringLine(steering: SteeringSettings): string {
  const source = steering.pairId !== undefined ? `pair ${steering.pairId}` : `vector ${steering.vectorPath}`;
  return `Steering: ${steering.method}, ${source}, ${describeLayers(steering.layerStart, steering.layerEnd)}, coefficient ${steering.coefficient}\n  (${LAYER_WORDS})`;
}
