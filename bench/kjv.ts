/**
 * Steering on the learned King James / modern model (tests/fixtures/kjv-web): the full curves
 * behind its tests. For each injection mode, layer and strength: the share of 100 held-out modern
 * prompts whose steered continuation reads as King James (archaic-marker rate at or above the
 * median of the model's own King James continuations), the mean rate, and the content kept against
 * the unsteered continuation with the same seed (style-eval.ts defines both). Then the few-shot
 * prompted baseline, negative strength on King James prompts, and mean-of-pairs and PCA vectors
 * from 4, 16 and 64 verse pairs.
 *
 * Run: npm run bench -- kjv   (env: KJV_PROMPTS, default 50 for the grid, all 100 with KJV_PROMPTS=100;
 * STEERLING_THREADS=1 on a busy machine). About 15 minutes on two cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEngine, resolveThreadCount } from '../src-main/core/engine';
import type { SteeringMethod, SteeringSettings } from '../src-main/core/engine/steering-settings';
import { builtinLibrary } from '../src-main/core/steering/pair-library';
import { createSteeringProvider } from '../src-main/core/steering/steering-provider';
import { buildSteeringVector, saveSteeringVector } from '../src-main/core/steering/vector-building';
import { KJV_WEB_MODEL_PATH, kjvWebFixture, kjvWebLibrary, PAIR_COUNTS } from '../tests/fixtures/kjv-web/kjv-web';
import { ACTADD_PAIR, KJV_WEB_SETTINGS, MEAN_PAIRS } from '../tests/fixtures/kjv-web/settings';
import { continueAll, measure, median, archaicRate, type StyleMeasure } from '../tests/fixtures/kjv-web/style-eval';

const GRID: Record<SteeringMethod, number[]> = { actadd: [4, 8, 16], caa: [4, 8, 12], all: [2, 4, 8] };

function row(label: string, m: StyleMeasure): string {
  const content = m.contentKept === null ? '' : `  content kept ${(100 * m.contentKept).toFixed(0).padStart(3)}%`;
  return `${label.padEnd(34)} success ${(100 * m.success).toFixed(0).padStart(3)}%  mean rate ${m.meanRate.toFixed(1).padStart(5)}${content}`;
}

export async function benchKjv(): Promise<void> {
  const fixture = kjvWebFixture();
  const count = Number(process.env.KJV_PROMPTS ?? 50);
  const modern = fixture.prompts.slice(0, count).map((p) => p.web);
  const kjv = fixture.prompts.slice(0, count).map((p) => p.kjv);
  const engine = new LocalEngine({
    threads: resolveThreadCount(),
    gpu: false,
    steering: createSteeringProvider({ libraries: async () => [builtinLibrary(), kjvWebLibrary()] }),
  });
  const info = await engine.loadModel(KJV_WEB_MODEL_PATH, { contextSize: 512 });
  try {
    const ownKjv = await continueAll(engine, kjv);
    const bar = median(ownKjv.map(archaicRate));
    const unsteered = await continueAll(engine, modern);
    console.log(`${count} held-out prompts; bar (median rate of the model's own King James continuations): ${bar.toFixed(1)} markers per 100 words`);
    console.log(row('King James prompts, unsteered', measure(ownKjv, bar)));
    console.log(row('modern prompts, unsteered', measure(unsteered, bar, unsteered)));
    const fewShot = await continueAll(engine, modern.map((p) => `${fixture.fewShot} ${p}`));
    console.log(row('modern, few-shot King James prompt', measure(fewShot, bar, unsteered)));

    for (const method of ['actadd', 'caa', 'all'] as const) {
      console.log(`\n${method} (pair ${method === 'actadd' ? ACTADD_PAIR : MEAN_PAIRS})`);
      for (let layer = 2; layer <= info.nLayer; layer++) {
        for (const coefficient of GRID[method]) {
          const steering: SteeringSettings = {
            method,
            pairId: method === 'actadd' ? ACTADD_PAIR : MEAN_PAIRS,
            layerStart: layer,
            layerEnd: layer,
            coefficient,
          };
          console.log(row(`  layer ${layer} x${coefficient}`, measure(await continueAll(engine, modern, steering), bar, unsteered)));
        }
      }
    }

    console.log('\nnegative strength on King James prompts (the chosen settings, strength negated)');
    for (const method of ['actadd', 'caa', 'all'] as const) {
      const chosen = KJV_WEB_SETTINGS[method];
      const texts = await continueAll(engine, kjv, { ...chosen, coefficient: -chosen.coefficient });
      console.log(row(`  ${method} layer ${chosen.layerStart} x${-chosen.coefficient}`, measure(texts, bar, ownKjv)));
    }

    console.log('\nvector from N verse pairs, added after the prompt (caa) at the chosen layer and strength');
    const folder = mkdtempSync(join(tmpdir(), 'steerling-kjv-'));
    try {
      const chosen = KJV_WEB_SETTINGS.caa;
      const loaded = engine.loadedModel()!;
      for (const method of ['mean', 'pca'] as const) {
        for (const n of PAIR_COUNTS) {
          const vectors = await buildSteeringVector(loaded, { pairs: fixture.pairs.slice(0, n), layers: [chosen.layerStart], method });
          const path = join(folder, `${method}-${n}.gguf`);
          await saveSteeringVector(path, vectors, { modelHint: 'kjv-web' });
          const texts = await continueAll(engine, modern, { method: 'caa', vectorPath: path, layerStart: chosen.layerStart, layerEnd: chosen.layerEnd, coefficient: chosen.coefficient });
          console.log(row(`  ${method}, ${n} pairs`, measure(texts, bar, unsteered)));
        }
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  } finally {
    await engine.dispose();
  }
}
