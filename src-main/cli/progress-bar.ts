/**
 * Download progress on stderr (stdout stays for results). On a terminal one line is redrawn in
 * place; in a log or a pipe a line is written for each new percent, so the file stays readable.
 */
import { formatBytes } from '../core/models/errors';

export interface ProgressSnapshot {
  bytes: number;
  total: number | null;
  speed: number;
  etaSeconds: number | null;
}

const WIDTH = 24;

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function describeProgress({ bytes, total, speed, etaSeconds }: ProgressSnapshot): string {
  const parts = [total ? `${formatBytes(bytes)} of ${formatBytes(total)}` : formatBytes(bytes)];
  if (speed > 0) parts.push(`${formatBytes(speed)}/s`);
  if (etaSeconds !== null && speed > 0) parts.push(`${formatDuration(etaSeconds)} left`);
  return parts.join(' · ');
}

export class ProgressBar {
  private drawn = false;
  private lastPercent = -1;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  private get live(): boolean {
    return Boolean(this.out.isTTY);
  }

  update(progress: ProgressSnapshot): void {
    const percent = progress.total ? Math.floor((progress.bytes / progress.total) * 100) : null;
    if (this.live) {
      const filled = percent === null ? 0 : Math.round((percent / 100) * WIDTH);
      const bar = percent === null ? '' : `${String(percent).padStart(3)}% [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] `;
      this.out.write(`\r\x1b[2K${bar}${describeProgress(progress)}`);
      this.drawn = true;
      return;
    }
    if (percent === null || percent === this.lastPercent) return;
    this.lastPercent = percent;
    this.out.write(`${percent}% · ${describeProgress(progress)}\n`);
  }

  /** A message on its own line, under the bar. */
  note(message: string): void {
    this.clear();
    this.out.write(`${message}\n`);
  }

  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}
