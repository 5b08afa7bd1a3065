/** How sizes, speeds and model facts read to a writer: "4.4 GB", "12 MB/s", "about 6 minutes left". */
import type { DownloadView, FitEstimate, GpuKind } from '../../src-main/ipc/contract';

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as download sites and file managers show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatEta(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'} left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} h ${rest > 0 ? `${rest} min ` : ''}left`;
}

/** "7.2 billion parameters", "0.4 million parameters". */
export function formatParameters(count: number | null): string | null {
  if (count === null || count <= 0) return null;
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)} billion parameters`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(1)} million parameters`;
  return `${new Intl.NumberFormat().format(count)} parameters`;
}

export function formatTokens(count: number): string {
  return `${new Intl.NumberFormat().format(count)} tokens`;
}

export function gpuKindLabel(gpu: GpuKind): string {
  switch (gpu) {
    case 'cuda':
      return 'NVIDIA (CUDA)';
    case 'vulkan':
      return 'Vulkan';
    case 'metal':
      return 'Apple (Metal)';
    default:
      return 'None found';
  }
}

/** Where the model would run, in one short phrase. */
export function runModeLabel(fit: FitEstimate): string {
  switch (fit.mode) {
    case 'gpu':
      return 'Runs on your graphics card';
    case 'partial-gpu':
      return `Partly on the graphics card (${fit.gpuLayers} of ${fit.totalLayers} layers)`;
    default:
      return 'Runs on the processor';
  }
}

/** Share done, 0–1; null while the size is unknown. */
export function downloadFraction(download: DownloadView): number | null {
  if (!download.total || download.total <= 0) return null;
  return Math.min(1, Math.max(0, download.bytes / download.total));
}

/** "1.2 GB of 4.4 GB · 12 MB/s · about 6 minutes left". */
export function describeDownload(download: DownloadView): string {
  const amount = download.total ? `${formatBytes(download.bytes)} of ${formatBytes(download.total)}` : formatBytes(download.bytes);
  switch (download.state) {
    case 'downloading': {
      const parts = [amount];
      if (download.speed > 0) parts.push(formatSpeed(download.speed));
      const eta = formatEta(download.etaSeconds);
      if (eta) parts.push(eta);
      return parts.join(' · ');
    }
    case 'paused':
      return `Paused at ${amount}`;
    case 'verifying':
      return download.message ?? 'Checking the downloaded file…';
    case 'done':
      return 'Downloaded';
    case 'failed':
      return `Stopped at ${amount}`;
    case 'cancelled':
      return 'Cancelled';
  }
}
