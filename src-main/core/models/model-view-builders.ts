/**
 * Builds the views of model-views.ts from the registry's records, the catalog and the hardware
 * facts.
 */
import { catalogSizeBytes, type Catalog, type CatalogEntry } from './catalog';
import { hardwareSummary, type HardwareReport } from './hardware-probe';
import * as modelFit from './model-fit';
import type * as registry from './registry';
import type { CatalogModelView, CatalogView, DownloadView, HardwareView, InstalledModelView, InstalledView } from './model-views';

export function installedModelView(model: registry.InstalledModel, loadedPath: string | null): InstalledModelView {
  const record = model.record;
  return {
    id: model.id,
    fileName: model.fileName,
    path: model.path,
    linkTarget: model.linkTarget,
    sizeBytes: model.sizeBytes,
    label: model.catalogEntry?.label ?? model.info?.name ?? model.id,
    catalogId: model.catalogEntry?.id ?? null,
    source: record?.source ?? null,
    importMode: record?.mode ?? null,
    architecture: model.info?.architecture ?? null,
    quantisation: model.info?.fileType ?? model.catalogEntry?.quantisation ?? null,
    parameterCount: model.info?.parameterCount ?? null,
    contextLength: model.info?.contextLength ?? null,
    layers: model.info?.nLayer ?? null,
    installedAt: record?.installedAt ?? null,
    problem: model.problem,
    loaded: loadedPath !== null && (loadedPath === model.path || loadedPath === model.linkTarget),
  };
}

/** An unfinished download found on disk, not running in this process. */
export function partialDownloadView(
  partial: registry.PartialDownload,
  entry: CatalogEntry | null,
  failure: { message: string; code: string } | null,
): DownloadView {
  return {
    id: entry?.id ?? partial.id,
    catalogId: entry?.id ?? null,
    fileName: partial.fileName,
    label: entry?.label ?? partial.id,
    state: failure ? 'failed' : 'paused',
    bytes: partial.bytes,
    total: partial.totalBytes ?? (entry ? catalogSizeBytes(entry) : null),
    speed: 0,
    etaSeconds: null,
    message: failure?.message ?? null,
    code: failure?.code ?? null,
  };
}

/** The catalog judged for this machine; without hardware facts, the default is recommended and `problem` says why. */
export function catalogView(
  catalog: Catalog,
  installed: InstalledView,
  hubEndpoint: string,
  machine: { hardware: modelFit.HardwareInfo } | { problem: string },
): CatalogView {
  const hardware = 'hardware' in machine ? machine.hardware : null;
  const recommendation = hardware ? modelFit.recommendQuantisation(catalog, hardware) : null;
  const fallback = catalog.models.find((m) => m.default) ?? catalog.models[0];
  const recommendedId = recommendation?.entry.id ?? fallback.id;
  const installedIds = new Set(installed.models.filter((m) => !m.problem).map((m) => m.catalogId));
  const models = catalog.models.map(
    (entry): CatalogModelView => ({
      id: entry.id,
      label: entry.label,
      family: entry.family,
      quantisation: entry.quantisation,
      description: entry.description,
      sizeBytes: catalogSizeBytes(entry),
      sizeIsExact: entry.sizeBytes !== null,
      isDefault: entry.default,
      recommended: entry.id === recommendedId,
      fit: hardware ? modelFit.estimateCatalogFit(entry, hardware) : null,
      installed: installedIds.has(entry.id),
      download: installed.downloads.find((d) => d.catalogId === entry.id) ?? null,
    }),
  );
  const recommendationReason = recommendation?.reason ?? `The recommended version. (${'problem' in machine ? machine.problem : ''})`;
  return { models, recommendedId, recommendationReason, hubEndpoint, hardware };
}

/** What `models.hardware` answers: the facts, the honest warning, and fits for usable installed models. */
export function hardwareView(catalog: Catalog, report: HardwareReport, usable: readonly registry.InstalledModel[]): HardwareView {
  const { hardware } = report;
  const recommendation = modelFit.recommendQuantisation(catalog, hardware);
  return {
    hardware,
    summary: hardwareSummary(hardware),
    warning: hardware.gpu ? null : modelFit.cpuSpeedWarning(hardware.cpuCores),
    recommendedId: recommendation.entry.id,
    recommendationReason: recommendation.reason,
    installedFits: usable.flatMap((m) => {
      const fit = report.fits.get(m.path);
      return fit ? [{ id: m.id, fit: { ...fit, entryId: m.id } }] : [];
    }),
  };
}
