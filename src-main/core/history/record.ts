import type { SamplingSettings, SummaryMode, SummaryStats } from '../engine/types';
import type { SteeringSettings } from '../engine/steering-settings';

export interface HistoryArticle {
  title: string;
  source: string;
  /** sha256 hex of the article text. */
  textHash: string;
  text: string;
  wordCount: number;
}

export interface HistoryRecord {
  id: string;
  /** ISO 8601. */
  createdAt: string;
  article: HistoryArticle;
  mode: SummaryMode;
  style: string | null;
  sampling: SamplingSettings;
  steering: SteeringSettings | null;
  modelId: string;
  output: string;
  stats: SummaryStats;
  cancelled: boolean;
}

export type NewHistoryRecord = Omit<HistoryRecord, 'id' | 'createdAt'>;

/** What a list shows without loading whole articles. */
export interface HistorySummary {
  id: string;
  createdAt: string;
  title: string;
  mode: SummaryMode;
  style: string | null;
  modelId: string;
  /** First ~200 characters of the output. */
  preview: string;
}

export type ExportFormat = 'txt' | 'md';
/** Text exports, plus Word documents. */
export type DocumentFormat = ExportFormat | 'docx';
