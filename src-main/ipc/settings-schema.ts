/**
 * The writer's model settings as they cross the contract: where models are downloaded from, the
 * access token (write-only: a window can set or clear it, never read it back), and how a model is
 * loaded. Imports only zod, because the renderer type-checks the contract that imports this.
 */
import { z } from 'zod';

/** "auto": node-llama-cpp decides from free video memory; "max": every layer; a number: that many layers. */
export type GpuLayersSetting = 'auto' | 'max' | number;

export interface ModelSettings {
  /** The writer's download server; null: the default (HF_ENDPOINT, else Hugging Face). */
  hubEndpoint: string | null;
  gpuLayers: GpuLayersSetting;
  /** CPU threads for generation; null: chosen from this computer's cores. */
  threads: number | null;
  /** Tokens of context when a model is loaded; null: the engine's default. */
  contextSize: number | null;
  /**
   * The hub origin ("https://huggingface.co") the saved access token was given for: it is sent
   * there and nowhere else. null with no saved token.
   */
  accessTokenOrigin: string | null;
}

/** Where the access token in use comes from. */
export type AccessTokenSource = 'saved' | 'session' | 'environment';

export interface SettingsView extends ModelSettings {
  /** The download server in use now (the setting, else the shell's, else the default). */
  effectiveHubEndpoint: string;
  hasAccessToken: boolean;
  accessTokenSource: AccessTokenSource | null;
  /** False where no safe place for a token exists: a token entered then lasts until Steerling closes. */
  canSaveAccessToken: boolean;
}

export const DEFAULT_MODEL_SETTINGS: Readonly<ModelSettings> = Object.freeze({
  hubEndpoint: null,
  gpuLayers: 'auto',
  threads: null,
  contextSize: null,
  accessTokenOrigin: null,
});

export const LIMITS = {
  gpuLayers: { min: 0, max: 1024 },
  threads: { min: 1, max: 512 },
  contextSize: { min: 256, max: 131072 },
} as const;

export const gpuLayersSchema = z.union([
  z.enum(['auto', 'max']),
  z.number().int().min(LIMITS.gpuLayers.min).max(LIMITS.gpuLayers.max),
]);

const threadsSchema = z.number().int().min(LIMITS.threads.min).max(LIMITS.threads.max);
const contextSizeSchema = z.number().int().min(LIMITS.contextSize.min).max(LIMITS.contextSize.max);

/** One saved settings object; anything that fails is replaced by its default when read. */
export const storedSettingsSchemas = {
  hubEndpoint: z.string().min(1).max(2000).nullable(),
  gpuLayers: gpuLayersSchema,
  threads: threadsSchema.nullable(),
  contextSize: contextSizeSchema.nullable(),
  accessTokenOrigin: z.string().min(1).max(2000).nullable(),
} satisfies { [K in keyof ModelSettings]: z.ZodType<ModelSettings[K]> };

/**
 * `settings.set`: only the keys given change. An empty hub address or null means "the default";
 * an empty token or null forgets the token.
 */
export const settingsPatchSchema = z
  .object({
    hubEndpoint: z.string().trim().max(2000).nullable().optional(),
    accessToken: z
      .string()
      .trim()
      .max(1000)
      .regex(/^[\x21-\x7e]*$/, 'an access token is letters, digits and symbols, without spaces')
      .nullable()
      .optional(),
    gpuLayers: gpuLayersSchema.optional(),
    threads: threadsSchema.nullable().optional(),
    contextSize: contextSizeSchema.nullable().optional(),
  })
  .strict();

export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** Settings read from a file or a store: each valid value is kept, each broken one is the default. */
export function parseStoredSettings(raw: unknown): ModelSettings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const pick = <K extends keyof ModelSettings>(key: K): ModelSettings[K] => {
    const parsed = storedSettingsSchemas[key].safeParse(source[key]);
    return parsed.success ? (parsed.data as ModelSettings[K]) : DEFAULT_MODEL_SETTINGS[key];
  };
  return {
    hubEndpoint: pick('hubEndpoint'),
    gpuLayers: pick('gpuLayers'),
    threads: pick('threads'),
    contextSize: pick('contextSize'),
    accessTokenOrigin: pick('accessTokenOrigin'),
  };
}
