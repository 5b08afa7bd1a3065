import { describe, expect, it } from 'vitest';
import { isAllowedExternalLink } from '../../../src-main/electron/external-links';

describe('external links', () => {
  it('opens https pages on the hub the app links to', () => {
    expect(isAllowedExternalLink('https://huggingface.co/settings/tokens')).toBe(true);
    expect(isAllowedExternalLink('https://HuggingFace.co/TheBloke/Mistral-7B-Instruct-v0.2-GGUF')).toBe(true);
  });

  it.each([
    ['another https host', 'https://evil.example/'],
    ['a look-alike subdomain', 'https://huggingface.co.evil.example/'],
    ['a subdomain the app never links to', 'https://evil.huggingface.co/'],
    ['plain http', 'http://huggingface.co/'],
    ['credentials disguising the host', 'https://huggingface.co@evil.example/'],
    ['a user name on the right host', 'https://user@huggingface.co/'],
    ['another port', 'https://huggingface.co:8443/'],
    ['a local file', 'file:///etc/passwd'],
    ['a custom scheme', 'steerling://app/index.html'],
    ['javascript', 'javascript:alert(1)'],
    ['no URL at all', 'huggingface.co'],
  ])('keeps %s closed', (_what, url) => {
    expect(isAllowedExternalLink(url)).toBe(false);
  });
});
