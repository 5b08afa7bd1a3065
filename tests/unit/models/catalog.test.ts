import { describe, expect, it } from 'vitest';
import {
  CatalogError,
  catalogModelUri,
  catalogShape,
  catalogSizeBytes,
  defaultCatalogEntry,
  findCatalogEntry,
  hubEndpointFromEnv,
  loadCatalog,
  normaliseHubEndpoint,
  parseCatalog,
  resolveDownloadUrl,
} from '../../../src-main/core/models/catalog';
import { cpuOnlyRamBytes, fullOffloadVramBytes } from '../../../src-main/core/models/memory-estimate';

const catalog = loadCatalog();
const clone = () => structuredClone(catalog) as unknown as { models: Record<string, unknown>[] } & Record<string, unknown>;

describe('model catalog', () => {
  it('offers Mistral 7B Instruct v0.2 in Q3_K_M, Q4_K_M (default), Q5_K_M and Q8_0', () => {
    expect(catalog.models.map((m) => m.quantisation)).toEqual(['Q3_K_M', 'Q4_K_M', 'Q5_K_M', 'Q8_0']);
    expect(defaultCatalogEntry().quantisation).toBe('Q4_K_M');
    for (const entry of catalog.models) {
      expect(entry.family).toBe('Mistral 7B Instruct v0.2');
      expect(entry.file).toBe(`mistral-7b-instruct-v0.2.${entry.quantisation}.gguf`);
      expect(entry.description.length).toBeLessThan(160);
    }
  });

  it('gives the Q4_K_M file its recorded size and sha256, and leaves unknown ones null', () => {
    const q4 = findCatalogEntry('q4_k_m')!;
    expect(q4.sizeBytes).toBe(4368439584);
    expect(q4.sha256).toBe('3e0039fd0273fcbebb49228943b17831aadd55cbcbf56f0af00499be2040ccf9');
    const q3 = findCatalogEntry('Q3_K_M')!;
    expect(q3.sizeBytes).toBeNull();
    expect(catalogSizeBytes(q3)).toBe(q3.approxSizeBytes);
  });

  it('lists sizes in increasing order of quality', () => {
    const sizes = catalog.models.map(catalogSizeBytes);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
  });

  it('keeps its memory figures in step with the estimator', () => {
    for (const entry of catalog.models) {
      expect(entry.ramBytes).toBe(cpuOnlyRamBytes(catalogShape(entry), catalogSizeBytes(entry)));
      expect(entry.vramBytes).toBe(fullOffloadVramBytes(catalogShape(entry), catalogSizeBytes(entry)));
    }
  });

  it('resolves the pinned file on the public hub or a mirror', () => {
    const q4 = defaultCatalogEntry();
    expect(resolveDownloadUrl(q4, 'https://huggingface.co/')).toBe(
      'https://huggingface.co/TheBloke/Mistral-7B-Instruct-v0.2-GGUF/resolve/3a6fbf4a41a1d52e415a4958cde6856d34b2db93/mistral-7b-instruct-v0.2.Q4_K_M.gguf',
    );
    expect(resolveDownloadUrl(q4, 'https://mirror.example.org/hf')).toMatch(/^https:\/\/mirror\.example\.org\/hf\/TheBloke\//);
    expect(catalogModelUri(q4)).toBe(
      'hf:TheBloke/Mistral-7B-Instruct-v0.2-GGUF/mistral-7b-instruct-v0.2.Q4_K_M.gguf#3a6fbf4a41a1d52e415a4958cde6856d34b2db93',
    );
  });

  it('takes the hub from HF_ENDPOINT and refuses addresses that are not web addresses', () => {
    expect(hubEndpointFromEnv({ HF_ENDPOINT: 'https://hf-mirror.example/' })).toBe('https://hf-mirror.example');
    expect(hubEndpointFromEnv({})).toBe('https://huggingface.co');
    expect(() => normaliseHubEndpoint('ftp://files.example')).toThrow(CatalogError);
    expect(() => normaliseHubEndpoint('huggingface')).toThrow(/not a web address/);
  });

  it.each([
    ['two defaults', (c: ReturnType<typeof clone>) => (c.models[0].default = true), /exactly one model/],
    ['a malformed sha256', (c: ReturnType<typeof clone>) => (c.models[1].sha256 = 'ABC'), /models\.1\.sha256/],
    ['no size at all', (c: ReturnType<typeof clone>) => delete c.models[0].approxSizeBytes, /approxSizeBytes/],
    ['a path as file name', (c: ReturnType<typeof clone>) => (c.models[2].file = '../evil.gguf'), /models\.2\.file/],
    ['duplicate ids', (c: ReturnType<typeof clone>) => (c.models[3].id = c.models[2].id), /unique/],
  ])('rejects a catalog with %s', (_name, mutate, message) => {
    const bad = clone();
    mutate(bad);
    expect(() => parseCatalog(bad, 'test')).toThrow(message);
  });
});
