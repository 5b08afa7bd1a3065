/**
 * The steering flags of `summarize --mode steered`: a pair (default: every pair of --style, the
 * built-in Shakespearean one unless told) or a control-vector file, a method, layers and a
 * coefficient. Flags are checked before anything loads; layers and method default to what the
 * backend suggests for the loaded model.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_ACTADD_FRONT, DEFAULT_STEERED_PROMPT, type SteeringSettings } from '../../core/engine/steering-settings';
import type { AppBackend } from '../../backend/backend';
import { UsageError } from '../cli-error';
import {
  describeLayers,
  parseActAddFront,
  parseCoefficient,
  parseLayerRange,
  parseSteeredPrompt,
  parseSteeringMethod,
  STEERING_METHODS,
} from '../steering-options';

export interface SteeringFlags {
  style?: string;
  pair?: string;
  vector?: string;
  method?: string;
  layer?: string;
  coeff?: string;
  prompt?: string;
  front?: string;
}

export function steeringOptions(command: Command): Command {
  return command
    .option('--pair <ref>', 'steered: pair reference [library:]style[/pair], e.g. shakespearean/thou-art (default: all pairs of --style)')
    .option('--vector <file.gguf>', 'steered: a control-vector file (llama.cpp cvector-generator, repeng or `steer build`) instead of a pair')
    .option('--method <method>', `steered: ${STEERING_METHODS.join(' | ')} (default caa)`)
    .option('--layer <L|L1..L2>', 'steered: layer or inclusive range; layer L = input of block L (default: a middle range for the model)')
    .option('--coeff <c>', 'steered: strength, e.g. 4; negative steers away (default 4)')
    .option('--prompt <neutral|styled>', 'steered: the neutral summary prompt (default; the style comes from the vector alone) or the style prompt under the vector')
    .option('--front <start|message|article>', "steered, actadd: where the pair's positions land: the very start (BOS on), the user's message (default) or the article");
}

export interface PendingSteering {
  /** Fills in defaults for the loaded model and returns the settings for summary.start. */
  resolve(backend: AppBackend, verbose: boolean): Promise<SteeringSettings>;
}

/** Parses the steering flags; undefined for other modes (where steering flags are a mistake). */
export function steeringFromFlags(flags: SteeringFlags, mode: string): PendingSteering | undefined {
  const given = (['pair', 'vector', 'method', 'layer', 'coeff', 'prompt', 'front'] as const).filter((key) => flags[key] !== undefined);
  if (mode !== 'steered') {
    if (given.length > 0) throw new UsageError(`--${given[0]} only applies with --mode steered.`);
    return undefined;
  }
  if (flags.pair !== undefined && flags.vector !== undefined) throw new UsageError('Give either --pair or --vector, not both.');
  const method = flags.method === undefined ? undefined : parseSteeringMethod(flags.method);
  if (method === 'actadd' && flags.vector !== undefined) {
    throw new UsageError('--method actadd needs a steering pair (it adds per-token differences); use caa or all with --vector.');
  }
  const layers = flags.layer === undefined ? undefined : parseLayerRange('layer', flags.layer);
  const coefficient = flags.coeff === undefined ? undefined : parseCoefficient(flags.coeff);
  const prompt = flags.prompt === undefined ? undefined : parseSteeredPrompt(flags.prompt);
  const frontAt = flags.front === undefined ? undefined : parseActAddFront(flags.front);
  if (frontAt !== undefined && (method ?? 'caa') !== 'actadd') throw new UsageError('--front only applies with --method actadd.');
  const source = flags.vector !== undefined ? { vectorPath: path.resolve(flags.vector) } : { pairId: flags.pair ?? flags.style ?? 'shakespearean' };

  return {
    async resolve(backend, verbose) {
      const { defaults, convention } = await backend.handle('steering.info', {});
      const settings: SteeringSettings = {
        method: method ?? defaults.method,
        ...source,
        layerStart: layers?.layerStart ?? defaults.layerStart,
        layerEnd: layers?.layerEnd ?? defaults.layerEnd,
        coefficient: coefficient ?? defaults.coefficient,
        prompt: prompt ?? DEFAULT_STEERED_PROMPT,
        ...((method ?? defaults.method) === 'actadd' ? { frontAt: frontAt ?? DEFAULT_ACTADD_FRONT } : {}),
      };
      if (verbose) {
        const what = settings.pairId !== undefined ? `pair ${settings.pairId}` : `vector ${settings.vectorPath}`;
        process.stderr.write(
          `Steering: ${settings.method}, ${what}, ${describeLayers(settings.layerStart, settings.layerEnd)}, coefficient ${settings.coefficient}, ` +
            `${settings.prompt} prompt${settings.frontAt ? `, front at the ${settings.frontAt}` : ''}\n` +
            `  (${convention})\n`,
        );
      }
      return settings;
    },
  };
}
