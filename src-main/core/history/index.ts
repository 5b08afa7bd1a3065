export { HistoryStore, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type HistoryListOptions, type HistoryPage } from './store';
export { HistoryError, type HistoryErrorCode } from './errors';
export { hashText } from './hash';
export { renderExport } from './render-export';
export { writeExport, writeExportFolder, type DocumentFormat, type FolderExport } from './export';
export { titleForFileName } from './file-names';
export type { ExportFormat, HistoryArticle, HistoryRecord, HistorySummary, NewHistoryRecord } from './record';
export { ComparisonTable, type ComparisonPage } from './comparisons';
export type { ComparisonRecord, ComparisonSummary, NewComparisonRecord } from './comparison-record';
