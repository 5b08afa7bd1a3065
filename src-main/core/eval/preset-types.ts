/** A steering preset's shape and the schema of a new one (presets.ts); Node-free for the renderer and the contract. */
import { z } from 'zod';
import type { SteeringMethod } from '../engine/steering-settings';

/** `[library:]style[/pair]`, as pair references are written everywhere else. */
export const pairIdSchema = z
  .string()
  .trim()
  .regex(/^(?:[a-z0-9][a-z0-9-]*:)?[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)?$/, 'must be a pair reference such as "shakespearean" or "mylib:noir/rain-grudge"');

export const presetInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    method: z.enum(['actadd', 'caa', 'all']),
    layerStart: z.number().int().min(1),
    layerEnd: z.number().int().min(1),
    coefficient: z.number().finite(),
    /** The model it was found on; layers mean different things in other models. */
    modelId: z.string().max(200).optional(),
    /** The sweep it came from. */
    sweepId: z.string().max(64).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((preset) => preset.layerEnd >= preset.layerStart, { message: 'the last layer must not come before the first', path: ['layerEnd'] });

export type PresetInput = z.input<typeof presetInputSchema>;

export interface Preset {
  id: string;
  name: string;
  method: SteeringMethod;
  layerStart: number;
  layerEnd: number;
  coefficient: number;
  modelId?: string;
  sweepId?: string;
  note?: string;
  savedAt: string;
}

export interface SavedPreset extends Preset {
  pairId: string;
}
