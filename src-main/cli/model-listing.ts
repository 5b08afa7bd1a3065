/**
 * How `steerling models list` and `steerling models gpu` print what the backend answers: aligned
 * columns a person can scan, with the warnings a writer must not miss spelled out in full.
 */
import { formatBytes } from '../core/models/errors';
import { hardwareSummary } from '../core/models/hardware-probe';
import type { CatalogView, DownloadView, FitEstimate, HardwareView, InstalledView } from '../ipc/contract';

function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}`.trimEnd());
}

export function describeFit(fit: FitEstimate | null): string {
  if (!fit) return 'fit unknown';
  if (!fit.fits) return `too large for this computer (needs about ${formatBytes(fit.ramBytes)} of memory)`;
  if (fit.mode === 'gpu') return 'runs on the graphics card';
  if (fit.mode === 'partial-gpu') return `${fit.gpuLayers} of ${fit.totalLayers} layers on the graphics card`;
  return 'runs on the processor';
}

function describeDownload(download: DownloadView): string {
  const share = download.total ? ` (${Math.floor((download.bytes / download.total) * 100)}%)` : '';
  const amount = download.total ? `${formatBytes(download.bytes)} of ${formatBytes(download.total)}${share}` : formatBytes(download.bytes);
  const next = download.catalogId ? ` — run "steerling models download ${download.catalogId}" to continue` : '';
  const failed = download.state === 'failed' && download.message ? ` — last try failed: ${download.message}` : '';
  return `${amount} · ${download.state}${failed}${next}`;
}

export function formatModelList(installed: InstalledView, catalog: CatalogView): string {
  const lines: string[] = [`Installed models (${installed.modelsDir}):`];
  if (installed.models.length === 0) {
    lines.push('  none yet: download one below ("steerling models download <id>") or import a .gguf file ("steerling models import <file>").');
  } else {
    lines.push(
      ...table(
        installed.models.map((m) => {
          const origin = m.source === 'import' ? `imported (${m.importMode === 'link' ? `linked to ${m.linkTarget}` : 'copied'})` : m.source === 'download' ? 'downloaded' : 'added by hand';
          const about = m.problem ? `cannot be used: ${m.problem.message}` : [m.label, m.quantisation, origin, m.loaded ? 'loaded' : ''].filter(Boolean).join(' · ');
          return [m.id, formatBytes(m.sizeBytes), about];
        }),
      ),
    );
  }
  if (installed.downloads.length > 0) {
    lines.push('', 'Unfinished downloads:', ...table(installed.downloads.map((d) => [d.id, describeDownload(d)])));
  }

  const machine = catalog.hardware ? hardwareSummary(catalog.hardware) : 'hardware not checked';
  lines.push('', `Available to download (${machine}):`);
  lines.push(
    ...table(
      catalog.models.map((m) => [
        `${m.recommended ? '*' : ' '} ${m.id}`,
        `${m.sizeIsExact ? '' : '~'}${formatBytes(m.sizeBytes)}`,
        [m.label, describeFit(m.fit), m.installed ? 'installed' : ''].filter(Boolean).join(' · '),
      ]),
    ),
  );
  const recommended = catalog.models.find((m) => m.id === catalog.recommendedId);
  lines.push('', `* Recommended: ${catalog.recommendedId}. ${catalog.recommendationReason}`);
  if (recommended?.fit?.warning) lines.push(`Note: ${recommended.fit.warning}`);
  const usage = installed.diskUsage;
  const free = usage.freeBytes === null ? '' : `, ${formatBytes(usage.freeBytes)} free`;
  lines.push(`Disk: ${formatBytes(usage.modelsBytes)} in models, ${formatBytes(usage.partialBytes)} in unfinished downloads${free}.`);
  return `${lines.join('\n')}\n`;
}

export function formatHardware(view: HardwareView): string {
  const { hardware } = view;
  const lines = [
    `Graphics: ${hardware.gpu ? `${hardware.gpu.toUpperCase()}${hardware.gpuDevices.length ? ` (${hardware.gpuDevices.join(', ')})` : ''}` : 'none that Steerling can use'}`,
  ];
  if (hardware.vram) {
    lines.push(
      hardware.vram.unifiedBytes > 0
        ? `Video memory: shared with the processor (${formatBytes(hardware.vram.totalBytes)})`
        : `Video memory: ${formatBytes(hardware.vram.totalBytes)} (${formatBytes(hardware.vram.freeBytes)} free)`,
    );
  }
  lines.push(`Memory: ${formatBytes(hardware.ram.totalBytes)} (${formatBytes(hardware.ram.freeBytes)} free)`);
  lines.push(`Processor: ${hardware.cpuCores} cores; Steerling uses up to ${hardware.recommendedThreads} threads`);
  if (view.warning) lines.push('', `Warning: ${view.warning}`);
  lines.push('', `Recommended download: ${view.recommendedId}. ${view.recommendationReason}`);
  if (view.installedFits.length > 0) {
    lines.push('', 'Installed models on this computer:', ...table(view.installedFits.map(({ id, fit }) => [id, describeFit(fit)])));
    for (const { id, fit } of view.installedFits) if (fit.warning && fit.warning !== view.warning) lines.push(`Note on ${id}: ${fit.warning}`);
  }
  return `${lines.join('\n')}\n`;
}
