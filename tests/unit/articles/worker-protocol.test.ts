import { describe, expect, it } from 'vitest';
import { isImportReply, isImportRequest } from '../../../src-main/core/articles/worker/protocol';

describe('import worker messages', () => {
  it('accepts the requests the host sends and nothing else', () => {
    expect(isImportRequest({ type: 'import-path', id: 1, path: '/a.txt', limits: {} })).toBe(true);
    expect(isImportRequest({ type: 'import-bytes', id: 2, name: 'a.txt', bytes: new Uint8Array(1), limits: {} })).toBe(true);
    expect(isImportRequest({ type: 'import-bytes', id: 2, name: 'a.txt', bytes: 'text' })).toBe(false);
    expect(isImportRequest({ type: 'import-path', path: '/a.txt' })).toBe(false);
    expect(isImportRequest(null)).toBe(false);
  });

  it('accepts the replies the worker sends and nothing else', () => {
    const memory = { rssBytes: 1, peakRssBytes: 2 };
    expect(isImportReply({ type: 'error', id: 1, code: 'corrupt', message: 'x', ...memory })).toBe(true);
    expect(isImportReply({ type: 'article', id: 1, article: { title: 't' }, ...memory })).toBe(true);
    expect(isImportReply({ type: 'article', id: 1, article: null, ...memory })).toBe(false);
    expect(isImportReply({ type: 'error', id: 1, code: 'corrupt', message: 'x' })).toBe(false);
    expect(isImportReply({ type: 'ready', id: 1, ...memory })).toBe(false);
  });
});
