/**
 * The original experiment's negation pair ("Write in Shakespearean English" / "Do not write in
 * Shakespearean English"), which Steerling's pair libraries refuse, kept in code as a library of its
 * own that only its reproduction names (eval/original-experiment.ts).
 */
import type { PairLibrary } from './pair-library';

export const ORIGINAL_LIBRARY_ID = 'original-experiment';
export const ORIGINAL_PAIR_REFERENCE = `${ORIGINAL_LIBRARY_ID}:shakespearean/write-not-write`;

export function originalExperimentLibrary(): PairLibrary {
  return {
    format: 'steerling-pair-library',
    version: 1,
    id: ORIGINAL_LIBRARY_ID,
    name: 'The original experiment (for its reproduction only)',
    styles: [
      {
        id: 'shakespearean',
        name: 'Shakespearean English, as the original experiment asked for it',
        pairs: [{ id: 'write-not-write', positive: 'Write in Shakespearean English', negative: 'Do not write in Shakespearean English' }],
      },
    ],
  };
}
