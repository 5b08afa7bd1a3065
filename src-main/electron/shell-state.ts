/**
 * The shell's own state (not the writer's work, which lives in history, nor the model settings of
 * the Models view): the model to reopen and where the window was. Kept by electron-store in the
 * userData folder; anything unreadable there falls back to defaults instead of stopping the app.
 */
import Store from 'electron-store';
import { z } from 'zod';

const boundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof boundsSchema>;

export interface ShellSettings {
  lastModelPath: string | null;
  windowBounds: WindowBounds | null;
}

const settingsSchemas = {
  lastModelPath: z.string().min(1).nullable(),
  windowBounds: boundsSchema.nullable(),
} satisfies { [K in keyof ShellSettings]: z.ZodType<ShellSettings[K]> };

const DEFAULTS: ShellSettings = { lastModelPath: null, windowBounds: null };

export class ShellStateFile {
  private readonly store: Store<ShellSettings>;

  constructor(options: { cwd?: string } = {}) {
    this.store = new Store<ShellSettings>({ name: 'settings', defaults: DEFAULTS, cwd: options.cwd, clearInvalidConfig: true });
  }

  get<K extends keyof ShellSettings>(key: K): ShellSettings[K] {
    const parsed = settingsSchemas[key].safeParse(this.store.get(key));
    return (parsed.success ? parsed.data : DEFAULTS[key]) as ShellSettings[K];
  }

  set<K extends keyof ShellSettings>(key: K, value: ShellSettings[K]): void {
    try {
      const valid = settingsSchemas[key].parse(value) as Exclude<ShellSettings[K], undefined>;
      this.store.set(key, valid);
    } catch (error) {
      // Settings are a convenience: failing to remember one must never fail the action itself.
      console.error(`steerling: could not save setting "${key}"`, error);
    }
  }
}
