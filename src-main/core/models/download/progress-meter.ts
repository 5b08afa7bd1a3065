/**
 * Download speed and time left. Speed is an exponential moving average over roughly the last few
 * seconds, so the estimate neither freezes on a single slow chunk nor jumps with every one.
 */

export interface DownloadProgress {
  /** Bytes of the file on disk so far (resumed bytes included). */
  bytes: number;
  /** Total size, or null while unknown. */
  total: number | null;
  /** Bytes per second, averaged; 0 until measurable. */
  speed: number;
  /** Seconds left at the current speed, or null when unknown. */
  etaSeconds: number | null;
}

export class ProgressMeter {
  private lastTime: number;
  private lastBytes: number;
  private speed = 0;
  private lastEmit = -Infinity;

  constructor(
    startBytes: number,
    private readonly halfLifeMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastTime = this.now();
    this.lastBytes = startBytes;
  }

  /** Folds in the new byte count; returns a progress snapshot. */
  update(bytes: number, total: number | null): DownloadProgress {
    const time = this.now();
    const elapsed = time - this.lastTime;
    if (elapsed >= 100) {
      const instant = ((bytes - this.lastBytes) * 1000) / elapsed;
      const weight = this.speed === 0 ? 1 : 1 - Math.pow(0.5, elapsed / this.halfLifeMs);
      this.speed = this.speed + weight * (instant - this.speed);
      this.lastTime = time;
      this.lastBytes = bytes;
    }
    return this.snapshot(bytes, total);
  }

  snapshot(bytes: number, total: number | null): DownloadProgress {
    const speed = Math.max(0, this.speed);
    const etaSeconds = total !== null && speed > 0 ? Math.max(0, (total - bytes) / speed) : null;
    return { bytes, total, speed, etaSeconds };
  }

  /** True at most every `intervalMs`, so listeners (IPC to the window) are not flooded. */
  shouldEmit(intervalMs: number): boolean {
    const time = this.now();
    if (time - this.lastEmit < intervalMs) return false;
    this.lastEmit = time;
    return true;
  }

  /** After a restart from 0 the old rate says nothing about the new connection. */
  reset(bytes: number): void {
    this.lastTime = this.now();
    this.lastBytes = bytes;
    this.speed = 0;
  }
}
