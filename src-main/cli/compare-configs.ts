/**
 * `--config` values of `steerling compare`:
 *   plain
 *   prompted:<style>
 *   steered[:<pair>]                               method, layers and strength suggested for the model
 *   steered:<pair>:<method>:<layer|L1..L2>:<coeff>
 * The pair may name a library (`mylib:noir/rain-grudge`), so a full steered value is read from the
 * right. Each row's label is the value as typed.
 */
import type { CompareConfig } from '../core/eval/compare/types';
import type { SteeringMethod } from '../core/engine/steering-settings';
import { UsageError } from './cli-error';
import { MAX_COEFFICIENT } from '../core/steering/vectors';
import { parseLayerRange, STEERING_METHODS } from './steering-options';

export const DEFAULT_CONFIGS = ['plain', 'prompted:shakespearean', 'steered:shakespearean'];

/** A steered row whose method, layers or strength come from the loaded model's suggestion. */
export interface PendingConfig {
  config: CompareConfig;
  /** True when the steering settings still need the model's defaults. */
  needsDefaults: boolean;
}

const USAGE = 'plain, prompted:<style>, steered:<pair> or steered:<pair>:<method>:<layer>:<coeff>';

function parseOne(raw: string): Omit<PendingConfig, 'config'> & { config: Omit<CompareConfig, 'id'> } {
  const value = raw.trim();
  const fail = (why: string): never => {
    throw new UsageError(`--config "${raw}": ${why} (use ${USAGE}).`);
  };
  const [kind, ...rest] = value.split(':');
  if (kind === 'plain') {
    if (rest.length > 0) fail('plain takes no settings');
    return { config: { label: value, mode: 'plain' }, needsDefaults: false };
  }
  if (kind === 'prompted') {
    const style = rest.join(':');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(style)) fail('name the prompt style, e.g. prompted:shakespearean');
    return { config: { label: value, mode: 'prompted', style }, needsDefaults: false };
  }
  if (kind !== 'steered') fail(`"${kind}" is not a kind of summary`);
  if (rest.length === 0) rest.push('shakespearean');
  if (rest.length === 3 || (rest.length === 2 && /^(actadd|caa|all)$/.test(rest[1]))) fail('give the pair alone, or the pair with method, layer and coefficient');
  const full = rest.length >= 4;
  const pairId = (full ? rest.slice(0, -3) : rest).join(':');
  if (!/^(?:[a-z0-9][a-z0-9-]*:)?[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)?$/.test(pairId)) fail(`"${pairId}" is not a pair reference such as shakespearean/thou-you`);
  const style = pairId.replace(/^[^:]*:/, '').split('/')[0];
  if (!full) {
    return { config: { label: value, mode: 'steered', style, steering: { method: 'caa', pairId, layerStart: 0, layerEnd: 0, coefficient: 0 } }, needsDefaults: true };
  }
  const [methodText, layerText, coeffText] = rest.slice(-3);
  if (!(STEERING_METHODS as readonly string[]).includes(methodText)) fail(`the method "${methodText}" is not one of ${STEERING_METHODS.join(', ')}`);
  const coefficient = Number(coeffText);
  if (coeffText.trim() === '' || !Number.isFinite(coefficient)) fail(`the coefficient "${coeffText}" is not a number`);
  if (Math.abs(coefficient) > MAX_COEFFICIENT) fail(`the coefficient ${coeffText} is too large (at most ${MAX_COEFFICIENT} either way)`);
  const layers = parseLayerRange(`config ${value}: layer`, layerText);
  return {
    config: { label: value, mode: 'steered', style, steering: { method: methodText as SteeringMethod, pairId, ...layers, coefficient } },
    needsDefaults: false,
  };
}

/** Parses every --config, giving each a unique id (plain, prompted-shakespearean, steered-…). */
export function parseCompareConfigs(values: readonly string[]): PendingConfig[] {
  const used = new Set<string>();
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 70) || 'config';
  return values.map((value) => {
    const parsed = parseOne(value);
    const base = slug(value);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return { config: { id, ...parsed.config }, needsDefaults: parsed.needsDefaults };
  });
}
