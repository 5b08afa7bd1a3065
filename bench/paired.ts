/**
 * The one summary statistic every speed ratio in `npm run bench` uses: the median of per-round
 * paired ratios, with their min–max. Each round runs both sides back to back, so a round's ratio
 * cancels whatever else the (shared) machine was doing at that moment; the median of those ratios
 * ignores the odd round disturbed mid-way; the range shows how far to trust it. A ratio of medians
 * (median A ÷ median B) mixes runs from different moments and can land on the other side of a
 * goal from the paired figure on a loaded machine, so it is not printed.
 */
export interface PairedRatio {
  median: number;
  min: number;
  max: number;
  rounds: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Ratios a[i] / b[i] of runs made in the same round. */
export function pairedRatio(a: readonly number[], b: readonly number[]): PairedRatio {
  if (a.length !== b.length || a.length === 0) throw new RangeError('Paired ratios need the same, non-zero number of runs on both sides');
  const ratios = a.map((value, i) => value / b[i]);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), rounds: ratios.length };
}

export function formatRatio(ratio: PairedRatio): string {
  return `${ratio.median.toFixed(3)} (${ratio.min.toFixed(3)}–${ratio.max.toFixed(3)})`;
}

/** "≥ 0.98 met" / "≤ 1.10 NOT met", judged on the median. */
export function verdict(ratio: PairedRatio, goal: number, direction: 'at least' | 'at most'): string {
  const met = direction === 'at least' ? ratio.median >= goal : ratio.median <= goal;
  return `goal ${direction === 'at least' ? '≥' : '≤'} ${goal.toFixed(2)} ${met ? 'met' : 'NOT met'}`;
}

/** Process CPU time (all threads: llama.cpp's workers included) in seconds since `since`. */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}
