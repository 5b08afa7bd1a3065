import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ArticleImportError } from '../../../src-main/core/articles/article';
import { EngineError } from '../../../src-main/core/engine/types';
import { CatalogError } from '../../../src-main/core/models/catalog';
import { ModelDownloadError, ModelFileError } from '../../../src-main/core/models/errors';
import { describeModelError, ModelManagerError } from '../../../src-main/core/models/manager-errors';
import { invalidArgsError, IpcError, toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';

describe('toIpcErrorPayload', () => {
  it("keeps a core service's message and prefixes its code with the service", () => {
    expect(toIpcErrorPayload(new ArticleImportError('encrypted', 'This PDF is password-protected.'))).toEqual({
      code: 'articles.encrypted',
      message: 'This PDF is password-protected.',
    });
    expect(toIpcErrorPayload(new EngineError('busy', 'The engine is still writing another summary.'))).toEqual({
      code: 'engine.busy',
      message: 'The engine is still writing another summary.',
    });
  });

  it('names model errors "models.<code>", the same codes model download events carry', () => {
    const errors = [
      new ModelDownloadError('network', 'The download keeps failing.'),
      new ModelFileError('not-gguf', 'The file notes.txt is not a GGUF model.'),
      new ModelManagerError('unknown-model', '"x" is not in the list.'),
      new CatalogError('The model list (test.json) is invalid at models.0.sha256.'),
    ];
    expect(errors.map(toIpcErrorPayload)).toEqual([
      { code: 'models.network', message: 'The download keeps failing.' },
      { code: 'models.not-gguf', message: 'The file notes.txt is not a GGUF model.' },
      { code: 'models.unknown-model', message: '"x" is not in the list.' },
      { code: 'models.catalog', message: 'The model list (test.json) is invalid at models.0.sha256.' },
    ]);
    expect(errors.map(describeModelError)).toEqual(errors.map(toIpcErrorPayload));
  });

  it('recognises a service error by name, as when it was rebuilt after crossing a process', () => {
    const rebuilt = Object.assign(new Error('No saved summary has that id.'), { name: 'HistoryError', code: 'not-found' });
    expect(toIpcErrorPayload(rebuilt)).toEqual({ code: 'history.not-found', message: 'No saved summary has that id.' });
  });

  it('passes the backend’s own errors through unchanged', () => {
    expect(toIpcErrorPayload(new IpcError('ipc.unknown-channel', 'Unknown request "x".'))).toEqual({
      code: 'ipc.unknown-channel',
      message: 'Unknown request "x".',
    });
  });

  it('lists the failing fields of a schema error', () => {
    const schema = z.object({ sampling: z.object({ temperature: z.number().max(5) }), name: z.string() });
    const result = schema.safeParse({ sampling: { temperature: 9 }, name: 3 });
    if (result.success) throw new Error('expected the schema to fail');
    const viaBackend = toIpcErrorPayload(invalidArgsError('summary.start', result.error));
    expect(viaBackend.code).toBe('ipc.invalid-args');
    expect(viaBackend.message).toMatch(/^The request "summary.start" was not understood \(/);
    expect(viaBackend.message).toContain('sampling.temperature:');
    expect(viaBackend.message).toContain('name:');

    const raw = toIpcErrorPayload(result.error);
    expect(raw.code).toBe('ipc.invalid-args');
    expect(raw.message).toContain('sampling.temperature:');
  });

  it('says what a file-system error means, with the path', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      path: '/out/summary.txt',
    });
    expect(toIpcErrorPayload(enospc)).toEqual({
      code: 'fs.ENOSPC',
      message: 'The disk is full. Free some space and try again. (/out/summary.txt)',
    });
  });

  it('wraps anything else as internal without losing its text', () => {
    expect(toIpcErrorPayload(new TypeError('x is not a function'))).toEqual({
      code: 'internal',
      message: 'Something went wrong: x is not a function',
    });
    expect(toIpcErrorPayload('plain string')).toEqual({ code: 'internal', message: 'Something went wrong: plain string' });
    expect(toIpcErrorPayload(new DOMException('aborted', 'AbortError')).code).toBe('summary.cancelled');
  });
});
