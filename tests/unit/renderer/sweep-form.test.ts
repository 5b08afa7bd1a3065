/** The sweep form's validation: why a sweep cannot start, in words, and the request it sends when it can. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { requestSchemas } from '../../../src-main/ipc/contract';
import { article, libraryList, sampling, steeringInfo } from './payloads';
import { installBridge } from './scripted-bridge';

async function freshForm() {
  vi.resetModules();
  localStorage.clear();
  const bridge = installBridge();
  bridge.always('steering.info', steeringInfo);
  bridge.always('libraries.list', libraryList);
  const { steering } = await import('../../../src-renderer/stores/steering.svelte');
  const { sweepForm } = await import('../../../src-renderer/stores/sweep-form.svelte');
  await steering.load();
  sweepForm.fitLayers();
  return { steering, sweepForm };
}

let steering: Awaited<ReturnType<typeof freshForm>>['steering'];
let sweepForm: Awaited<ReturnType<typeof freshForm>>['sweepForm'];

beforeEach(async () => {
  ({ steering, sweepForm } = await freshForm());
});

describe('sweep form', () => {
  it('fills the layer range with the model\'s steerable layers and sends a request the contract accepts', () => {
    expect([sweepForm.layerFrom, sweepForm.layerTo]).toEqual([2, 6]);
    sweepForm.layerStep = 2;
    sweepForm.methods = ['caa', 'actadd'];
    expect(sweepForm.problem()).toBeNull();
    expect(sweepForm.cellCount).toBe(3 * 3 * 2);
    const request = sweepForm.request(article, sampling);
    expect(request).toMatchObject({ style: 'shakespearean', pairId: 'shakespearean', methods: ['actadd', 'caa'], layers: [2, 4, 6], coefficients: [2, 4, 8] });
    expect(request).not.toHaveProperty('styleScore');
    expect(request).not.toHaveProperty('samples');
    expect(requestSchemas['sweep.start'].safeParse(request).success).toBe(true);
  });

  it('asks for a prompted style and at least one method', () => {
    sweepForm.style = '';
    expect(sweepForm.problem()).toBe('Choose the style of the prompted summary to compare with.');
    sweepForm.style = 'shakespearean';
    sweepForm.methods = [];
    expect(sweepForm.problem()).toBe('Choose at least one method.');
    expect(sweepForm.cellCount).toBe(0);
  });

  it('says the layer range\'s mistake', () => {
    sweepForm.layerFrom = 5;
    sweepForm.layerTo = 3;
    expect(sweepForm.problem()).toBe('The first layer must not come after the last.');
    sweepForm.layerTo = 7;
    expect(sweepForm.problem()).toBe('Choose layers between 2 and 6.');
    sweepForm.layerTo = 6;
    sweepForm.layerStep = 0;
    expect(sweepForm.problem()).toBe('The step is at least 1.');
    expect(() => sweepForm.request(article, sampling)).toThrow('The step is at least 1.');
  });

  it('says the strengths\' mistake, within the model\'s bound', () => {
    sweepForm.coefficientsText = '2, lots';
    expect(sweepForm.problem()).toBe('“lots” is not a number.');
    sweepForm.coefficientsText = '−4 200';
    expect(sweepForm.problem()).toBe('Strengths must be between −100 and 100; 200 is not.');
    sweepForm.coefficientsText = '−4 4 4';
    expect(sweepForm.problem()).toBeNull();
    expect(sweepForm.request(article, sampling).coefficients).toEqual([-4, 4]);
  });

  it('drops ActAdd for a vector file, and asks for the file', () => {
    steering.source = 'vector';
    sweepForm.methods = ['actadd'];
    expect(sweepForm.problem()).toBe('Choose CAA or All positions: ActAdd needs a steering pair.');
    sweepForm.methods = ['actadd', 'all'];
    expect(sweepForm.usableMethods).toEqual(['all']);
    expect(sweepForm.problem()).toBe('Load a control-vector file, or sweep a pair.');
    steering.vectorPath = '/vectors/fits.gguf';
    expect(sweepForm.problem()).toBeNull();
    const request = sweepForm.request(article, sampling);
    expect(request).toMatchObject({ vectorPath: '/vectors/fits.gguf', methods: ['all'] });
    expect(request).not.toHaveProperty('pairId');
  });

  it('sends the ranking score and at most 20 samples per cell', () => {
    sweepForm.rankBy = 'archaic';
    sweepForm.samples = 50;
    const request = sweepForm.request(article, sampling);
    expect(request).toMatchObject({ styleScore: 'archaic', samples: 20 });
    expect(requestSchemas['sweep.start'].safeParse(request).success).toBe(true);
  });
});
