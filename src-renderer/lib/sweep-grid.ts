/**
 * The grid a sweep asks for, from what the writer typed: a layer range with a step, bounded by
 * the model's steerable layers, and a list of strengths. Mistakes come back as sentences.
 */
import type { SweepCell } from '../../src-main/ipc/contract';
import type { SteeringMethod } from '../../src-main/ipc/contract';

/** What a heat map colours: the style score, the content score, or both at once. */
export type Channel = 'style' | 'content' | 'both';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_COEFFICIENTS = 100;

/** "2, 4, 8" or "-4 -2 2 4"; the typographic minus is accepted. */
export function parseCoefficients(text: string, maxAbs: number): Parsed<number[]> {
  const parts = text
    .replace(/[−–]/g, '-')
    .split(/[\s,;]+/)
    .filter((part) => part !== '');
  if (parts.length === 0) return { ok: false, error: 'Give at least one strength, e.g. 2, 4, 8.' };
  const values: number[] = [];
  for (const part of parts) {
    const value = Number(part);
    if (!Number.isFinite(value)) return { ok: false, error: `“${part}” is not a number.` };
    if (Math.abs(value) > maxAbs) return { ok: false, error: `Strengths must be between −${maxAbs} and ${maxAbs}; ${value} is not.` };
    if (!values.includes(value)) values.push(value);
  }
  if (values.length > MAX_COEFFICIENTS) return { ok: false, error: `Give at most ${MAX_COEFFICIENTS} strengths.` };
  return { ok: true, value: values };
}

export function layerList(from: number, to: number, step: number, bounds: { min: number; max: number }): Parsed<number[]> {
  if (![from, to, step].every(Number.isInteger)) return { ok: false, error: 'Layers and the step are whole numbers.' };
  if (from < bounds.min || to > bounds.max) return { ok: false, error: `Choose layers between ${bounds.min} and ${bounds.max}.` };
  if (from > to) return { ok: false, error: 'The first layer must not come after the last.' };
  if (step < 1) return { ok: false, error: 'The step is at least 1.' };
  const layers: number[] = [];
  for (let layer = from; layer <= to; layer += step) layers.push(layer);
  return { ok: true, value: layers };
}

/** The cell at a grid position, whatever its layer span. */
export function cellAt(cells: readonly SweepCell[], method: SteeringMethod, layer: number, coefficient: number): SweepCell | undefined {
  return cells.find((cell) => cell.method === method && cell.layerStart === layer && cell.coefficient === coefficient);
}

export interface Domain {
  min: number;
  max: number;
}

/**
 * The style scale: every cell and baseline value, so the legend can place the baselines on it.
 * Archaic rates start at 0 (no markers); a flat set of values still gets a visible range.
 */
export function styleDomain(values: readonly (number | null | undefined)[], name: 'archaic' | 'contrast'): Domain {
  const known = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  let min = known.length ? Math.min(...known) : 0;
  let max = known.length ? Math.max(...known) : 1;
  if (name === 'archaic') min = 0;
  if (max - min < 1e-9) {
    if (name === 'archaic') max = Math.max(1, max);
    else [min, max] = [min - 0.5, max + 0.5];
  }
  return { min, max };
}

export const CONTENT_DOMAIN: Domain = { min: 0, max: 1 };

/** 0–1 along the domain, clamped. */
export function position(value: number, domain: Domain): number {
  const t = (value - domain.min) / (domain.max - domain.min);
  return Math.min(1, Math.max(0, t));
}

/** A CSS percentage for color-mix and legend markers. */
export function percent(t: number): string {
  return `${Math.round(t * 1000) / 10}%`;
}

/** Round numbers for a legend's end labels. */
export function tickLabel(value: number, name: 'archaic' | 'contrast' | 'content'): string {
  return name === 'archaic' ? value.toFixed(1) : name === 'content' ? value.toFixed(2) : value.toFixed(3);
}
