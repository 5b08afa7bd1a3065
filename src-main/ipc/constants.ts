/**
 * The contract's values, as opposed to its types: defaults and limits the renderer must share with
 * the backend so the two never disagree. Re-exported from core; nothing here may reach zod or
 * Node, because the renderer bundles this file (the architecture test checks it).
 */
export { DEFAULT_SAMPLING, SAMPLING_LIMITS, type SamplingLimit } from '../core/engine/sampling';
export { DEFAULT_ACTADD_FRONT, DEFAULT_STEERED_PROMPT } from '../core/engine/steering-settings';
export { CONTENT_SHARE_OF_PROMPTED } from '../core/eval/sweep/best';
export { titleForFileName } from '../core/history/file-names';
export { detectRepetition, type Repetition } from '../core/eval/text/repetition';
