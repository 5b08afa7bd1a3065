/**
 * The bridge's engine: the real one, with the tiny generated model in tests. It runs in-process
 * until the engine's out-of-process client is available; then it moves to a forked child like the
 * CLI's. Threads are kept low because the test machines have two cores.
 */
import { availableParallelism } from 'node:os';
import { LocalEngine } from '../../../src-main/core/engine';
import type { SummaryEngine } from '../../../src-main/core/engine/types';

export function createBridgeEngine(): SummaryEngine {
  const threads = Math.max(1, Math.min(2, availableParallelism()));
  return new LocalEngine({ gpu: false, threads });
}
