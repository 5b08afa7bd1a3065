/**
 * Bounded exponential backoff. The failure count resets whenever an attempt made progress, so a
 * long download over a flaky line keeps going while a dead server gives up after `maxRetries`
 * attempts in a row.
 */

export interface RetryOptions {
  /** Failed attempts in a row (without new bytes) before giving up. Default 6. */
  maxRetries?: number;
  /** First delay. Default 1 s. */
  baseDelayMs?: number;
  /** Longest delay. Default 60 s. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { maxRetries: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** Delay before retry number `attempt` (1-based): base · 2^(attempt-1), capped, with ±20 % jitter. */
export function backoffDelay(attempt: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const raw = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
