import { describe, expect, it } from 'vitest';
import { io } from '../../../src-main/core/models/download/download-failures';
import { ModelDownloadError, formatBytes } from '../../../src-main/core/models/errors';
import { parseContentLength, parseContentRange, parseRetryAfter, sha256FromEtag } from '../../../src-main/core/models/download/http-headers';
import { ProgressMeter } from '../../../src-main/core/models/download/progress-meter';
import { DEFAULT_RETRY, backoffDelay } from '../../../src-main/core/models/download/retry-policy';

describe('HTTP header readers', () => {
  it('parses Content-Range and rejects nonsense', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: null });
    for (const bad of [null, '', 'bytes 10-5/100', 'bytes 0-100/100', 'items 0-1/2', 'bytes */100']) {
      expect(parseContentRange(bad)).toBeNull();
    }
  });

  it('reads lengths and Retry-After', () => {
    expect(parseContentLength('4368439584')).toBe(4368439584);
    expect(parseContentLength('-1')).toBeNull();
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('finds a sha256 in hub ETags and nowhere else', () => {
    const sha = '3e0039fd0273fcbebb49228943b17831aadd55cbcbf56f0af00499be2040ccf9';
    expect(sha256FromEtag(`"${sha}"`)).toBe(sha);
    expect(sha256FromEtag(`W/"${sha.toUpperCase()}"`)).toBe(sha);
    expect(sha256FromEtag('"d41d8cd98f00b204e9800998ecf8427e"')).toBeNull(); // an md5-style CDN tag
    expect(sha256FromEtag(null)).toBeNull();
  });
});

describe('retry backoff', () => {
  it('doubles from the base, stays within ±20 %, and is capped', () => {
    const options = { ...DEFAULT_RETRY, baseDelayMs: 1000, maxDelayMs: 10_000 };
    expect(backoffDelay(1, options, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, options, () => 0.5)).toBe(4000);
    expect(backoffDelay(3, options, () => 0)).toBe(3200);
    expect(backoffDelay(3, options, () => 1)).toBe(4800);
    expect(backoffDelay(20, options, () => 0.5)).toBe(10_000);
  });
});

describe('progress meter', () => {
  it('measures speed and time left from a steady stream', () => {
    let now = 0;
    const meter = new ProgressMeter(0, 3000, () => now);
    let progress = meter.update(0, 10_000_000);
    expect(progress).toEqual({ bytes: 0, total: 10_000_000, speed: 0, etaSeconds: null });
    for (let second = 1; second <= 5; second++) {
      now = second * 1000;
      progress = meter.update(second * 1_000_000, 10_000_000);
    }
    expect(progress.speed).toBeCloseTo(1_000_000, -3);
    expect(progress.etaSeconds).toBeCloseTo(5, 1);
  });

  it('starts from resumed bytes without counting them as speed', () => {
    let now = 0;
    const meter = new ProgressMeter(8_000_000, 3000, () => now);
    now = 1000;
    expect(meter.update(8_500_000, 10_000_000).speed).toBeCloseTo(500_000, -3);
  });

  it('rate-limits emissions', () => {
    let now = 0;
    const meter = new ProgressMeter(0, 3000, () => now);
    expect(meter.shouldEmit(250)).toBe(true);
    now = 100;
    expect(meter.shouldEmit(250)).toBe(false);
    now = 300;
    expect(meter.shouldEmit(250)).toBe(true);
  });
});

describe('formatBytes', () => {
  it('uses decimal units like file managers', () => {
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(4368439584)).toBe('4.4 GB');
    expect(formatBytes(150_000_000)).toBe('150 MB');
  });
});

describe('file-system failures while downloading', () => {
  const failing = (code: string) => () => Promise.reject(Object.assign(new Error(`${code}: simulated`), { code }));

  it('turns a full disk into disk-full, and other errors into io', async () => {
    const full = await io(failing('ENOSPC')).catch((e) => e);
    expect(full).toBeInstanceOf(ModelDownloadError);
    expect(full.code).toBe('disk-full');
    expect(full.message).toMatch(/disk is full.*continue where it stopped/);
    const denied = await io(failing('EACCES')).catch((e) => e);
    expect(denied.code).toBe('io');
    expect(denied.message).toMatch(/EACCES/);
  });
});
