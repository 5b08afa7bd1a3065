/**
 * The summary options store (settings.svelte.ts): sampling values are kept within the contract's
 * bounds whether they come from localStorage, a saved summary or the fields, and what it sends
 * passes the contract's own schema.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { samplingSchema } from '../../../src-main/ipc/contract';
import { DEFAULT_SAMPLING, SAMPLING_LIMITS } from '../../../src-main/ipc/constants';

const STORAGE_KEY = 'steerling.settings.v1';

async function freshSettings(stored?: unknown) {
  vi.resetModules();
  if (stored !== undefined) localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
  const { settings } = await import('../../../src-renderer/stores/settings.svelte');
  return settings;
}

beforeEach(() => localStorage.clear());

describe('summary options', () => {
  it('starts from the contract\'s defaults', async () => {
    const settings = await freshSettings();
    expect(settings.mode).toBe('plain');
    expect(settings.requestSampling()).toEqual(DEFAULT_SAMPLING);
  });

  it('clamps stored sampling into bounds, and falls back to the default for what is not a number', async () => {
    const settings = await freshSettings({
      mode: 'steered',
      style: 'shakespearean',
      sampling: { temperature: 99, topP: 0, seed: -5, maxTokens: 1e6, repeatPenalty: 'loud' },
    });
    expect(settings.mode).toBe('steered');
    expect(settings.style).toBe('shakespearean');
    expect(settings.requestSampling()).toEqual({
      temperature: SAMPLING_LIMITS.temperature.max,
      topP: SAMPLING_LIMITS.topP.min,
      seed: 0,
      maxTokens: SAMPLING_LIMITS.maxTokens.max,
      repeatPenalty: DEFAULT_SAMPLING.repeatPenalty,
    });
  });

  it('ignores a stored mode it does not know and unreadable storage', async () => {
    expect((await freshSettings({ mode: 'shouting' })).mode).toBe('plain');
    vi.resetModules();
    localStorage.setItem(STORAGE_KEY, '{not json');
    const { settings } = await import('../../../src-renderer/stores/settings.svelte');
    expect(settings.requestSampling()).toEqual(DEFAULT_SAMPLING);
  });

  it('sends what the fields hold as a plain copy within bounds: whole seeds and token counts, what is not a number as the default', async () => {
    const settings = await freshSettings();
    settings.sampling.temperature = -1;
    settings.sampling.maxTokens = 12.6;
    settings.sampling.seed = 7.2;
    (settings.sampling as { topP: unknown }).topP = '';
    settings.sampling.repeatPenalty = Number.NaN;
    const sent = settings.requestSampling();
    expect(sent).toEqual({ temperature: 0, topP: SAMPLING_LIMITS.topP.min, seed: 7, maxTokens: 13, repeatPenalty: DEFAULT_SAMPLING.repeatPenalty });
    expect(samplingSchema.safeParse(sent).success).toBe(true);
    // A copy: changing it leaves the fields alone.
    sent.seed = 99;
    expect(settings.sampling.seed).toBe(7.2);
  });

  it('clamps a saved summary\'s sampling when it is brought back', async () => {
    const settings = await freshSettings();
    settings.restore('prompted', 'pirate', { ...DEFAULT_SAMPLING, temperature: 12, maxTokens: 0 });
    expect(settings.mode).toBe('prompted');
    expect(settings.style).toBe('pirate');
    expect(settings.sampling).toEqual({ ...DEFAULT_SAMPLING, temperature: SAMPLING_LIMITS.temperature.max, maxTokens: SAMPLING_LIMITS.maxTokens.min });
    settings.restore('plain', null, DEFAULT_SAMPLING);
    expect(settings.style).toBe('pirate');
  });

  it('keeps its choices across windows and picks a new seed within bounds', async () => {
    const first = await freshSettings();
    first.mode = 'prompted';
    first.style = 'pirate';
    first.newSeed();
    const seed = first.sampling.seed;
    expect(seed).not.toBe(DEFAULT_SAMPLING.seed);
    expect(Number.isInteger(seed) && seed >= 0 && seed <= SAMPLING_LIMITS.seed.max).toBe(true);
    first.save();
    vi.resetModules();
    const { settings: second } = await import('../../../src-renderer/stores/settings.svelte');
    expect([second.mode, second.style, second.sampling.seed]).toEqual(['prompted', 'pirate', seed]);
    second.resetSampling();
    expect(second.sampling).toEqual(DEFAULT_SAMPLING);
  });
});
