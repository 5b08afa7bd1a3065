/**
 * A bare window for the renderer's stores: `window` (where each test puts its `steerling`
 * bridge) and an in-memory `localStorage`. Modules are transformed for the client, so `.svelte.ts`
 * files compile to Svelte's browser output, the one the app runs. No DOM: stores have none.
 */
import type { Environment } from 'vitest/runtime';

class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
}

export default {
  name: 'renderer-window',
  viteEnvironment: 'client',
  setup(global: Record<string, unknown>) {
    global.window = global;
    global.localStorage = new MemoryStorage();
    return {
      teardown(global: Record<string, unknown>) {
        delete global.window;
        delete global.localStorage;
      },
    };
  },
} satisfies Environment;
