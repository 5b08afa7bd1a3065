/**
 * "Find settings" on the model that learned the style: calibration through the engine worker the
 * app uses, on held-out modern prompts of the King James / modern test model with the built-in
 * King James pairs, must pick a cell whose continuations are in the style far more often than the
 * unsteered ones; the chosen setting then holds on other held-out prompts with other seeds.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CalibrateEvent, CalibrateJob } from '../../../src-main/core/eval/calibrate';
import type { ProbeEvent } from '../../../src-main/core/eval/probe';
import { archaicScore } from '../../../src-main/core/eval/style/archaic';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import { forkEngineTransport } from '../../../src-main/core/worker/fork-transport';
import { KJV_WEB_MODEL_PATH, kjvWebFixture } from '../../fixtures/kjv-web/kjv-web';
import { THREADS } from './helpers';

const { prompts } = kjvWebFixture();
const CALIBRATION_PROMPTS = prompts.slice(0, 4).map((p) => p.web);
const CHECK_PROMPTS = prompts.slice(50, 56).map((p) => p.web);

let client: EngineClient;
beforeAll(async () => {
  client = new EngineClient(() => forkEngineTransport({ threads: THREADS, gpu: false }));
  await client.loadModel(KJV_WEB_MODEL_PATH, { contextSize: 512 });
});
afterAll(async () => {
  await client?.dispose();
});

async function all<T>(events: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const event of events) out.push(event);
  return out;
}

it('finds a setting on the learned model that puts continuations in the style, and it holds on other prompts', async () => {
  const job: CalibrateJob = { style: 'king-james', pairId: 'king-james', prompts: CALIBRATION_PROMPTS, methods: ['actadd', 'caa'], layers: [2, 3, 4], samples: 2 };
  const done = (await all(client.calibrate(job))).at(-1) as Extract<CalibrateEvent, { type: 'done' }>;
  expect(done.type).toBe('done');
  const { result } = done;
  expect(result.complete).toBe(true);
  expect(result.best).not.toBeNull();
  expect(result.best!.hitRate.mean).toBeGreaterThanOrEqual(0.8);
  expect(result.baseline.hitRate.mean).toBeLessThanOrEqual(0.4);

  const { method, layerStart, layerEnd, coefficient } = result.best!;
  const steering = { method, pairId: 'king-james', layerStart, layerEnd, coefficient };
  let hits = 0;
  for (const text of CHECK_PROMPTS) {
    const probe = (await all(client.probe({ text, steering, samples: 2, sampling: { seed: 100 } }))).at(-1) as Extract<ProbeEvent, { type: 'done' }>;
    for (const sample of probe.result.samples) if (archaicScore(sample.steered.text).count > 0) hits++;
  }
  expect(hits / (CHECK_PROMPTS.length * 2)).toBeGreaterThanOrEqual(0.8);
});
