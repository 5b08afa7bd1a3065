/**
 * Steered mode through the engine process the app uses (a forked worker): the worker steers with
 * the built-in pairs and with user libraries from STEERLING_PAIR_LIBRARY_DIR.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import { forkEngineTransport } from '../../../src-main/core/worker/fork-transport';
import { PairLibraryStore } from '../../../src-main/core/steering/pair-library-store';
import { createSemanticSteeringModel, TARGET_PATTERN } from '../../fixtures/steering/semantic-model';
import { collect, doneOf, request } from '../engine/helpers';
import { THREADS } from './helpers';

let client: EngineClient | undefined;
afterAll(async () => {
  await client?.dispose();
});

describe('steered summaries in the engine process', () => {
  it('steers with built-in and user-library pairs, and reports bad settings as engine errors', async () => {
    const libraryDir = mkdtempSync(join(tmpdir(), 'steerling-worker-libs-'));
    await new PairLibraryStore(libraryDir).create({
      name: 'Mine',
      styles: [{ id: 'olde', name: 'Olde', pairs: [{ id: 'thou', positive: 'thou', negative: 'you' }] }],
    });
    client = new EngineClient(() => forkEngineTransport({ threads: THREADS, gpu: false, env: { STEERLING_PAIR_LIBRARY_DIR: libraryDir } }));
    await client.loadModel(createSemanticSteeringModel(), { contextSize: 1024 });

    const plain = doneOf(await collect(client.summarize(request({}, { seed: 3 })))).output;
    expect(TARGET_PATTERN.test(plain)).toBe(false);
    for (const pairId of ['shakespearean/thou-you', 'mine:olde/thou']) {
      const steering = { method: 'actadd' as const, pairId, layerStart: 2, layerEnd: 2, coefficient: 4 };
      const steered = doneOf(await collect(client.summarize(request({ mode: 'steered', steering }, { seed: 3 })))).output;
      expect(TARGET_PATTERN.test(steered)).toBe(true);
    }
    const bad = { method: 'caa' as const, pairId: 'shakespearean/thou-you', layerStart: 2, layerEnd: 99, coefficient: 4 };
    await expect(collect(client.summarize(request({ mode: 'steered', steering: bad })))).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/steerable layers are 2–6/),
    });
    expect(doneOf(await collect(client.summarize(request({}, { seed: 3 })))).output).toBe(plain);
  });
});
