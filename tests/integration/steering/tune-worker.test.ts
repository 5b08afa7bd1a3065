/**
 * Probe and calibration in the engine worker the app uses (EngineClient over a forked process), on
 * the constructed steering model: events stream back, the prompts, layers and strengths come from
 * the caller (as a learned-model test passes its own held-out prompts), and cancel stops both
 * with a partial result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalibrateEvent, CalibrateJob } from '../../../src-main/core/eval/calibrate';
import type { ProbeEvent } from '../../../src-main/core/eval/probe';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import { forkEngineTransport } from '../../../src-main/core/worker/fork-transport';
import { archaicScore } from '../../../src-main/core/eval/style/archaic';
import { createSemanticSteeringModel, TARGET_PATTERN } from '../../fixtures/steering/semantic-model';
import { THREADS } from './helpers';

/**
 * The model calibration is tested on. When the learned King James / modern model lands, this one
 * line becomes its fixture (its model, its held-out modern prompts, and the default fluency limits).
 */
const FIXTURE = constructedFixture();

function constructedFixture() {
  return {
    model: createSemanticSteeringModel(),
    heldOutPrompts: ['The harbour master said the boats', 'Two teachers opened a school where', 'The market sold bread and'],
    pairId: 'shakespearean/thou-you',
    layers: [2, 5],
    // Its steered text is only archaic words, so perplexity and repetition cannot judge it.
    limits: { maxPerplexityRatio: null, minDistinctShare: null } as CalibrateJob['limits'],
  };
}

const HELD_OUT_PROMPTS = FIXTURE.heldOutPrompts;
const STEERING = { method: 'actadd' as const, pairId: 'shakespearean/thou-you', layerStart: 2, layerEnd: 2, coefficient: 4 };
const archaic = (text: string) => archaicScore(text).count > 0;

let client: EngineClient;
beforeAll(async () => {
  client = new EngineClient(() => forkEngineTransport({ threads: THREADS, gpu: false }));
  await client.loadModel(FIXTURE.model, { contextSize: 512 });
});
afterAll(async () => {
  await client?.dispose();
});

async function all<T>(events: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('probe and calibrate in the engine worker', () => {
  it('probes: unsteered beside steered with the same seeds, then one done', async () => {
    const events = await all(client.probe({ text: 'The council met and', steering: STEERING, samples: 2, sampling: { maxTokens: 12 } }));
    expect(events.map((event) => event.type)).toEqual(['sample', 'sample', 'done']);
    const done = events[2] as Extract<ProbeEvent, { type: 'done' }>;
    expect(done.result.cancelled).toBe(false);
    for (const sample of done.result.samples) {
      expect(TARGET_PATTERN.test(sample.steered.text)).toBe(true);
      expect(TARGET_PATTERN.test(sample.unsteered.text)).toBe(false);
    }
  });

  it('calibrates on the prompts, layers and strengths it is given, and the chosen setting makes ≥ 80% of continuations archaic', async () => {
    const job: CalibrateJob = {
      style: 'shakespearean',
      pairId: FIXTURE.pairId,
      prompts: HELD_OUT_PROMPTS,
      methods: ['actadd', 'caa'],
      layers: FIXTURE.layers,
      coefficients: [4],
      samples: 2,
      limits: FIXTURE.limits,
    };
    const events = await all(client.calibrate(job));
    const done = events.at(-1) as Extract<CalibrateEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    const { result } = done;
    expect(result.prompts).toEqual(HELD_OUT_PROMPTS);
    expect(result.cells.map((cell) => cell.key)).toEqual(FIXTURE.layers.flatMap((layer) => [`actadd@${layer}x4`]).concat(FIXTURE.layers.map((layer) => `caa@${layer}x4`)));
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ done: 30, total: 30, etaMs: 0 });
    expect(result.best!.hitRate.mean).toBeGreaterThanOrEqual(0.8);
    if (FIXTURE.pairId === 'shakespearean/thou-you') {
      // The constructed model's known answer: ActAdd steers up to its carry block only.
      expect(result.best).toMatchObject({ key: 'actadd@2x4' });
      expect(result.cells.find((cell) => cell.key === 'actadd@5x4')!.excluded).toMatch(/no more continuations in the style/);
    }
    // The tiny vocabulary has a few archaic-looking words (tis, oft) that the scorer counts unsteered too.
    expect(result.baseline.hitRate.mean).toBeLessThan(result.best!.hitRate.mean - 0.5);

    // The chosen setting, checked on the held-out prompts with other seeds through the probe.
    const { method, layerStart, layerEnd, coefficient } = result.best!;
    let hits = 0;
    for (const text of HELD_OUT_PROMPTS) {
      const steering = { method, pairId: FIXTURE.pairId, layerStart, layerEnd, coefficient };
      const probe = (await all(client.probe({ text, steering, samples: 3, sampling: { seed: 100, maxTokens: 16 } }))).at(-1);
      for (const sample of (probe as Extract<ProbeEvent, { type: 'done' }>).result.samples) if (archaic(sample.steered.text)) hits++;
    }
    expect(hits / (HELD_OUT_PROMPTS.length * 3)).toBeGreaterThanOrEqual(0.8);
  });

  it('cancels a calibration part-way (complete: false) and a probe, and the model is free afterwards', async () => {
    const abort = new AbortController();
    const events: CalibrateEvent[] = [];
    for await (const event of client.calibrate({ style: 'shakespearean', pairId: 'shakespearean/thou-you', samples: 2, limits: { maxPerplexityRatio: null } }, abort.signal)) {
      events.push(event);
      if (event.type === 'progress' && event.cell) abort.abort();
    }
    const done = events.at(-1) as Extract<CalibrateEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(done.result.complete).toBe(false);
    expect(done.result.cells.length).toBeLessThan(8);
    expect(done.result.reason).toMatch(/^Stopped after \d+ of \d+ cells/);

    const stop = new AbortController();
    const probeEvents: ProbeEvent[] = [];
    for await (const event of client.probe({ text: 'The council met and', steering: STEERING, samples: 5 }, stop.signal)) {
      probeEvents.push(event);
      if (event.type === 'sample') stop.abort();
    }
    const probeDone = probeEvents.at(-1) as Extract<ProbeEvent, { type: 'done' }>;
    expect(probeDone.result.cancelled).toBe(true);
    expect(probeDone.result.samples.length).toBeLessThan(5);
    expect((await all(client.probe({ text: 'Again', steering: STEERING, samples: 1, sampling: { maxTokens: 4 } }))).at(-1)).toMatchObject({ type: 'done' });
  });

  it('refuses a probe with nothing to continue and a calibration on an unsteerable layer, as evaluation errors', async () => {
    await expect(all(client.probe({ text: '  ', steering: STEERING }))).rejects.toMatchObject({ name: 'EvalError', code: 'invalid-request', message: 'Give a sentence to continue.' });
    await expect(all(client.calibrate({ style: 'shakespearean', layers: [9] }))).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/Layer 9 cannot be steered on this model: steerable layers are 2–6/) });
  });
});
