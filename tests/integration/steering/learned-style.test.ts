/**
 * Steering a model that LEARNED a style (tests/fixtures/kjv-web: trained on the King James and
 * World English Bibles, README "The learned-style test model"), not one whose weights were built
 * to obey. On 100 held-out modern prompts (books never trained on), with vectors from training
 * verses: after the prompt (CAA) and at all positions, at settings `npm run bench -- kjv` found,
 * at least 80% of continuations read as King James (archaic-marker rate at or above the median of
 * the model's own King James continuations) against at most 10% unsteered; a negative strength
 * turns King James prompts modern. ActAdd at the prompt's front and the content measures are
 * reported by the benchmark, not asserted: on this model neither meets the goal (README, "The
 * learned-style test model"). Seeds are fixed, so the figures are the same on
 * every run of the same build; the margins guard against small changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import { builtinLibrary } from '../../../src-main/core/steering/pair-library';
import { createSteeringProvider } from '../../../src-main/core/steering/steering-provider';
import { KJV_WEB_MODEL_PATH, kjvWebFixture, kjvWebLibrary, kjvWebTraining, sha256Of } from '../../fixtures/kjv-web/kjv-web';
import { KJV_WEB_SETTINGS } from '../../fixtures/kjv-web/settings';
import { archaicRate, continueAll, mean, measure, median } from '../../fixtures/kjv-web/style-eval';
import { THREADS } from './helpers';

const fixture = kjvWebFixture();
const modern = fixture.prompts.map((p) => p.web);
const kjv = fixture.prompts.map((p) => p.kjv);

let engine: LocalEngine;
let ownKjv: string[];
let unsteered: string[];
let bar: number;

beforeAll(async () => {
  engine = new LocalEngine({
    gpu: false,
    threads: THREADS,
    steering: createSteeringProvider({ libraries: async () => [builtinLibrary(), kjvWebLibrary()] }),
  });
  await engine.loadModel(KJV_WEB_MODEL_PATH, { contextSize: 512 });
  ownKjv = await continueAll(engine, kjv);
  unsteered = await continueAll(engine, modern);
  bar = median(ownKjv.map(archaicRate));
}, 300_000);

afterAll(async () => {
  await engine?.dispose();
});

describe('the learned King James / modern model', () => {
  it('is the file that was trained (sha256 recorded beside it), and its test prompts come from held-out books only', () => {
    const training = kjvWebTraining();
    expect(sha256Of(KJV_WEB_MODEL_PATH)).toBe(training.sha256);
    expect(fixture.prompts).toHaveLength(100);
    for (const prompt of fixture.prompts) expect(training.held_out_books).toContain(prompt.reference.replace(/ \d+:\d+$/, ''));
    for (const pair of fixture.pairs) expect(training.held_out_books).not.toContain(pair.reference.replace(/ \d+:\d+$/, ''));
  });

  it('learned both styles: it continues King James prompts in King James English and modern ones in modern English', () => {
    const kjvRate = mean(ownKjv.map(archaicRate));
    const modernRate = mean(unsteered.map(archaicRate));
    expect(bar).toBeGreaterThan(0);
    expect(kjvRate).toBeGreaterThan(4 * modernRate);
    // Unsteered, at most 10% of modern continuations reach the King James bar.
    expect(measure(unsteered, bar).success).toBeLessThanOrEqual(0.1);
  });

  it('after the prompt (CAA, 64 verse pairs, layer 2 ×12): at least 80% of steered modern continuations read as King James', async () => {
    const steered = await continueAll(engine, modern, KJV_WEB_SETTINGS.caa);
    expect(measure(steered, bar).success).toBeGreaterThanOrEqual(0.8);
  });

  it('all positions (64 verse pairs, layer 5 ×8): at least 80% read as King James too', async () => {
    const steered = await continueAll(engine, modern, KJV_WEB_SETTINGS.all);
    expect(measure(steered, bar).success).toBeGreaterThanOrEqual(0.8);
  });

  it('negative strength moves King James prompts toward modern English', async () => {
    const chosen = KJV_WEB_SETTINGS.caa;
    const steered = await continueAll(engine, kjv, { ...chosen, coefficient: -chosen.coefficient });
    expect(mean(steered.map(archaicRate))).toBeLessThan(0.5 * mean(ownKjv.map(archaicRate)));
  });
});
