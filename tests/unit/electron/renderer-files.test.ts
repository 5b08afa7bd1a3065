import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererContentSecurityPolicy, resolveRendererFile } from '../../../src-main/electron/renderer-files';

const root = path.resolve('/srv/renderer');

describe('resolveRendererFile', () => {
  it('maps / to index.html and built assets to their content types', () => {
    expect(resolveRendererFile(root, '/')).toEqual({ file: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveRendererFile(root, '/assets/index-abc.js')).toEqual({
      file: path.join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveRendererFile(root, '/assets/a%20b.css')?.file).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it.each([
    ['/../secret.js', 'a path that climbs out'],
    ['/%2e%2e/%2e%2e/etc/passwd.txt', 'an encoded climb'],
    ['/notes.exe', 'a kind of file a build never emits'],
    ['/%E0%A4%A.js', 'broken percent-encoding'],
    ['/assets', 'a folder'],
  ])('refuses %s (%s)', (urlPath) => {
    expect(resolveRendererFile(root, urlPath)).toBeNull();
  });
});

describe('rendererContentSecurityPolicy', () => {
  it('allows only the app itself in a build: no eval, no inline styles, no remote hosts', () => {
    const policy = rendererContentSecurityPolicy();
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("style-src 'self';");
    expect(policy).not.toMatch(/unsafe-eval|unsafe-inline|https?:|ws:/);
  });

  it("adds only the dev server's socket and inline styles in development", () => {
    const policy = rendererContentSecurityPolicy(new URL('http://localhost:5173/'));
    expect(policy).toContain("connect-src 'self' ws://localhost:5173");
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).not.toMatch(/unsafe-eval/);
  });
});
