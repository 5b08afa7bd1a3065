import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAppBackend, type AppBackendOptions } from '../../../src-main/backend/app-backend';
import type { AppBackend, DialogProvider } from '../../../src-main/backend/backend';
import type { AppEvent } from '../../../src-main/ipc/contract';
import { trustedPaths } from '../../../src-main/backend/path-access';
import { ScriptedEngine } from './scripted-engine';

export interface Harness {
  backend: AppBackend;
  engine: ScriptedEngine;
  dataDir: string;
  events: AppEvent[];
  /** Resolves with the first event (already seen or still to come) that matches. */
  waitFor<E extends AppEvent['event']>(event: E, jobId?: string): Promise<Extract<AppEvent, { event: E }>>;
  cleanup(): Promise<void>;
}

export const answeringDialogs = (answers: { save?: string | null; open?: string | null; hubChange?: boolean }): DialogProvider => ({
  async confirmHubChange() {
    return answers.hubChange ?? true;
  },
  async saveFile() {
    return answers.save ?? null;
  },
  async openFile() {
    return answers.open ?? null;
  },
});

export async function createHarness(overrides: Partial<AppBackendOptions> = {}): Promise<Harness> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'steerling-backend-'));
  const engine = (overrides.engine as ScriptedEngine | undefined) ?? new ScriptedEngine();
  const backend = createAppBackend({
    dataDir,
    engine,
    dialogs: answeringDialogs({}),
    // Path grants have their own tests (path-grants.test.ts); these test what the channels do.
    paths: trustedPaths,
    shell: 'bridge',
    version: '9.8.7',
    ...overrides,
  });
  const events: AppEvent[] = [];
  const waiters: { match: (e: AppEvent) => boolean; resolve: (e: AppEvent) => void }[] = [];
  backend.onEvent((event, payload) => {
    const e = { event, payload } as AppEvent;
    events.push(e);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(e)) waiter.resolve(e);
      else waiters.push(waiter);
    }
  });
  const matches = (name: string, jobId?: string) => (e: AppEvent) =>
    e.event === name && (jobId === undefined || ('jobId' in e.payload && e.payload.jobId === jobId));

  return {
    backend,
    engine,
    dataDir,
    events,
    waitFor(event, jobId) {
      const match = matches(event, jobId);
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen as never);
      return new Promise((resolve) => waiters.push({ match, resolve: resolve as (e: AppEvent) => void }));
    },
    async cleanup() {
      await backend.dispose();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An article as the renderer would send it after an import. */
export const sampleArticle = {
  title: 'Harbour bridge reopens after repairs',
  text: 'The harbour bridge reopened on Monday after six months of repairs.\n\nTraffic was light.',
  source: '/news/bridge.txt',
  wordCount: 14,
  format: 'txt' as const,
};

export const sampleSampling = { temperature: 0.4, topP: 0.85, seed: 7, maxTokens: 120, repeatPenalty: 1.2 };
