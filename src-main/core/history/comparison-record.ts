import type { ComparisonResult } from '../eval/compare/types';
import type { HistoryArticle } from './record';

/** A comparison saved in the history: one item, however many configurations it ran. */
export interface ComparisonRecord {
  id: string;
  /** ISO 8601. */
  createdAt: string;
  /** Changes when a resumed comparison replaces its partial result. */
  updatedAt: string;
  article: HistoryArticle;
  modelId: string;
  result: ComparisonResult;
}

export type NewComparisonRecord = Omit<ComparisonRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** What a list shows without loading outputs and scores. */
export interface ComparisonSummary {
  id: string;
  createdAt: string;
  updatedAt: string;
  title: string;
  modelId: string;
  /** Every configuration finished without an error. */
  complete: boolean;
  /** The configurations' labels (or ids), in order. */
  configs: string[];
  /** Rows finished, of `configs.length`. */
  rows: number;
}
