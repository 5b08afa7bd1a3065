/** What the list of saved sweeps shows, and how a sweep was asked for (store.ts); Node-free for the renderer. */
import type { SamplingSettings } from '../../engine/types';
import type { SteeringMethod } from '../../engine/steering-settings';
import type { StyleScoreName } from './types';

export type SweepStatus = 'running' | 'complete' | 'incomplete' | 'cancelled' | 'failed';

export interface SweepBestSummary {
  key: string;
  method: SteeringMethod;
  layerStart: number;
  layerEnd: number;
  coefficient: number;
  styleScore: number | null;
  contentScore: number | null;
}

export interface SweepEntry {
  id: string;
  createdAt: string;
  updatedAt: string;
  title: string;
  style: string;
  pairId?: string;
  vectorPath?: string;
  methods: SteeringMethod[];
  layers: number[];
  coefficients: number[];
  modelId: string;
  /** running; complete (every cell scored); incomplete (some cells failed); cancelled; failed (see message). */
  status: SweepStatus;
  message?: string;
  done: number;
  total: number;
  best: SweepBestSummary | null;
  /** Why that cell is best, or why none is. */
  bestReason?: string;
}

/** How the sweep was asked for: enough to start it again with `resumeId`. */
export interface SweepRequestRecord {
  article: { title: string; text: string; source: string; wordCount: number; format: string };
  style: string;
  pairId?: string;
  vectorPath?: string;
  methods: SteeringMethod[];
  layers: number[];
  coefficients: number[];
  layerSpan?: number;
  sampling: SamplingSettings;
  styleScore?: StyleScoreName;
  judge?: boolean;
}
