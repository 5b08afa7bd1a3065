import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalError } from '../../../src-main/core/eval/errors';
import { pickBest } from '../../../src-main/core/eval/sweep/best';
import { csvField, sweepToCsv } from '../../../src-main/core/eval/sweep/csv';
import { readCheckpoint, sweepPaths } from '../../../src-main/core/eval/sweep/files';
import { gridOf, validateSweepSpec } from '../../../src-main/core/eval/sweep/grid';
import type { ScoredText, SweepCell, SweepResult, SweepSpec } from '../../../src-main/core/eval/sweep/types';

function cell(method: SweepCell['method'], layer: number, coefficient: number, styleScore: number | null, contentScore: number | null, extra: Partial<SweepCell> = {}): SweepCell {
  return {
    key: `${method}@${layer}-${layer}x${coefficient}`,
    method,
    layerStart: layer,
    layerEnd: layer,
    coefficient,
    output: `out ${method} ${layer} ${coefficient}`,
    scores: null,
    styleScore,
    contentScore,
    generationMs: 10,
    scoringMs: 1,
    ...extra,
  };
}

const baseline = (styleScore: number, contentScore: number | null): ScoredText => ({
  output: 'baseline',
  scores: null,
  styleScore,
  contentScore,
  generationMs: 5,
  scoringMs: 1,
});
const BASELINES = { plain: baseline(0, null), prompted: baseline(6, 0.5) };

describe('best cell rule', () => {
  it('takes the most stylish cell among those keeping at least 90% of the prompted content score', () => {
    // threshold = 0.9 × 0.5 = 0.45
    const cells = [
      cell('actadd', 4, 5, 20, 0.44), // most stylish, but loses content
      cell('actadd', 6, 5, 12, 0.45), // exactly at the threshold: eligible
      cell('actadd', 8, 5, 9, 0.9),
    ];
    const best = pickBest(cells, BASELINES);
    expect(best.threshold).toBeCloseTo(0.45, 12);
    expect(best.cell?.key).toBe('actadd@6-6x5');
  });

  it('breaks ties by smaller |coefficient|, then lower layer, then method order', () => {
    const tied = [cell('caa', 6, 8, 10, 0.6), cell('caa', 6, -3, 10, 0.6), cell('caa', 4, 3, 10, 0.6), cell('actadd', 4, 3, 10, 0.6)];
    expect(pickBest(tied, BASELINES).cell?.key).toBe('actadd@4-4x3');
    expect(pickBest(tied.slice(0, 2), BASELINES).cell?.key).toBe('caa@6-6x-3');
  });

  it('picks nothing, with a reason, when no cell keeps the content, when none beats plain, or without a prompted score', () => {
    expect(pickBest([cell('actadd', 6, 5, 20, 0.1)], BASELINES)).toMatchObject({ cell: null, reason: expect.stringMatching(/lost too much/) });
    expect(pickBest([cell('actadd', 6, 5, 0, 0.9)], BASELINES)).toMatchObject({ cell: null, reason: expect.stringMatching(/more in the style than the plain/) });
    expect(pickBest([cell('actadd', 6, 5, 9, 0.9)], { plain: BASELINES.plain })).toMatchObject({ cell: null, threshold: null });
    expect(pickBest([], BASELINES)).toMatchObject({ cell: null, reason: 'No cell has been scored yet.' });
  });

  it('ignores failed cells and cells without scores', () => {
    const cells = [cell('actadd', 6, 5, 30, 0.9, { error: 'boom' }), cell('actadd', 7, 5, null, 0.9), cell('actadd', 8, 5, 4, 0.9)];
    expect(pickBest(cells, BASELINES).cell?.key).toBe('actadd@8-8x5');
  });
});

describe('sweep CSV', () => {
  it('writes RFC 4180 bytes: header, baselines, cells, quoted text, empty fields for missing scores', () => {
    const cells = [cell('actadd', 6, 5, 12.5, 0.75, { output: 'Hark, "thou"\nart' }), cell('caa', 7, -2, null, null, { error: 'Layer 7, no' })];
    const result = {
      baselines: { plain: { ...baseline(0, null), output: 'plain text' }, prompted: baseline(6, 0.5) },
      cells,
      best: { cell: cells[0], rule: '', threshold: 0.45 },
    } as unknown as SweepResult;
    const csv = sweepToCsv(result);
    const header =
      'kind,method,layer_start,layer_end,coefficient,style_score,content_score,eligible,best,' +
      'samples,style_std,style_min,style_max,content_std,content_min,content_max,archaic_rate,contrast,' +
      'rouge1_f1_vs_plain,rouge2_f1_vs_plain,rougeL_f1_vs_plain,rouge1_recall_vs_article,facts_share,perplexity,' +
      'judge_faithfulness,judge_coverage,judge_fluency,judge_style,generation_ms,error,output';
    expect(csv).toBe(
      [
        header,
        'plain,,,,,0,,,,,,,,,,,,,,,,,,,,,,,5,,plain text',
        'prompted,,,,,6,0.5,,,,,,,,,,,,,,,,,,,,,,5,,baseline',
        'cell,actadd,6,6,5,12.5,0.75,true,true,1,,,,,,,,,,,,,,,,,,,10,,"Hark, ""thou""\nart"',
        'cell,caa,7,7,-2,,,,false,,,,,,,,,,,,,,,,,,,,10,"Layer 7, no",out caa 7 -2',
      ].join('\r\n') + '\r\n',
    );
    expect(Buffer.from(csv, 'utf8').subarray(-2)).toEqual(Buffer.from([0x0d, 0x0a]));
  });

  it('writes each cell\'s sample count and the spread of its sample scores (std, min, max)', () => {
    const sampled = cell('actadd', 6, 5, 10, 0.5, {
      samples: { outputs: ['a', 'b', 'c'], styleScores: [8, 10, 12], contentScores: [0.25, 0.5, 0.75], styleSpread: Math.sqrt(8 / 3), contentSpread: Math.sqrt(0.125 / 3) },
    });
    const unscored = cell('caa', 7, 2, null, null, {
      samples: { outputs: ['x', 'y'], styleScores: [3, null], contentScores: [0.5, 0.5], styleSpread: null, contentSpread: 0 },
    });
    const result = { baselines: {}, cells: [sampled, unscored], best: { cell: null, rule: '', threshold: null } } as unknown as SweepResult;
    const [header, ...rows] = sweepToCsv(result).trimEnd().split('\r\n').map((line) => line.split(','));
    const column = (row: string[], name: string) => row[header.indexOf(name)];
    const spread = (row: string[]) => ['samples', 'style_std', 'style_min', 'style_max', 'content_std', 'content_min', 'content_max'].map((name) => column(row, name));
    expect(spread(rows[0])).toEqual(['3', String(Math.sqrt(8 / 3)), '8', '12', String(Math.sqrt(0.125 / 3)), '0.25', '0.75']);
    expect(spread(rows[1])).toEqual(['2', '', '', '', '0', '0.5', '0.5']);
    expect(column(rows[0], 'style_score')).toBe('10');
  });

  it('quotes only what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
  });
});

describe('sweep grid', () => {
  const spec: SweepSpec = {
    article: { title: 't', text: 'Some text.' },
    sampling: { temperature: 0.8, topP: 0.9, seed: 1, maxTokens: 10, repeatPenalty: 1.1 },
    style: 'shakespearean',
    methods: ['actadd', 'caa'],
    layers: [6, 4, 6],
    coefficients: [5, -5],
  };

  it('lists cells method by method, layer by layer, coefficient by coefficient, without duplicates', () => {
    expect(gridOf(spec).map((c) => c.key)).toEqual(['actadd@6-6x5', 'actadd@6-6x-5', 'actadd@4-4x5', 'actadd@4-4x-5', 'caa@6-6x5', 'caa@6-6x-5', 'caa@4-4x5', 'caa@4-4x-5']);
    expect(gridOf({ ...spec, methods: ['all'], layers: [3], coefficients: [2], layerSpan: 3 })).toEqual([
      { method: 'all', layerStart: 3, layerEnd: 5, coefficient: 2, key: 'all@3-5x2' },
    ]);
  });

  it('rejects grids that cannot run, with a message naming the problem', () => {
    const bad: [Partial<SweepSpec>, RegExp][] = [
      [{ layers: [] }, /at least one layer/],
      [{ layers: [2.5] }, /Layer 2.5 is not a layer number/],
      [{ coefficients: [] }, /at least one coefficient/],
      [{ coefficients: [Number.POSITIVE_INFINITY] }, /not a number/],
      [{ methods: [] }, /at least one steering method/],
      [{ layerSpan: 0 }, /layer span/],
      [{ pairId: 'shakespearean', vectorPath: '/x.gguf' }, /not both/],
      [{ article: { title: '', text: '  ' } }, /no text/],
      [{ layers: Array.from({ length: 100 }, (_, i) => i + 1), coefficients: Array.from({ length: 21 }, (_, i) => i) }, /at most 2000/],
    ];
    for (const [change, message] of bad) {
      const error = (() => {
        try {
          validateSweepSpec({ ...spec, ...change });
        } catch (e) {
          return e;
        }
      })();
      expect(error, String(message)).toBeInstanceOf(EvalError);
      expect((error as EvalError).message).toMatch(message);
    }
  });
});

describe('sweep files', () => {
  const dir = join(import.meta.dirname, '../../.tmp/eval-unit');
  mkdirSync(dir, { recursive: true });

  it('puts result, CSV and checkpoint next to each other', () => {
    expect(sweepPaths('/runs/shake.json')).toEqual({ result: '/runs/shake.json', csv: '/runs/shake.csv', checkpoint: '/runs/shake.cells.json' });
    expect(sweepPaths('/runs/shake')).toEqual({ result: '/runs/shake.json', csv: '/runs/shake.csv', checkpoint: '/runs/shake.cells.json' });
  });

  it('reads no checkpoint as null, and a damaged or foreign one as a clear error', async () => {
    expect(await readCheckpoint(join(dir, 'absent.cells.json'))).toBeNull();
    writeFileSync(join(dir, 'damaged.cells.json'), '{"version": 1, "cells": [');
    await expect(readCheckpoint(join(dir, 'damaged.cells.json'))).rejects.toMatchObject({ code: 'unreadable-checkpoint', message: expect.stringMatching(/damaged/) });
    writeFileSync(join(dir, 'foreign.cells.json'), JSON.stringify({ name: 'something else' }));
    await expect(readCheckpoint(join(dir, 'foreign.cells.json'))).rejects.toMatchObject({ message: expect.stringMatching(/not a Steerling sweep checkpoint/) });
  });
});
