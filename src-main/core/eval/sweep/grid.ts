/** The cells of a sweep grid, in a fixed order (method, layer, coefficient), and its validation. */
import { EvalError } from '../errors';
import type { CellCoordinates, SweepSpec } from './types';

export const MAX_SWEEP_CELLS = 2000;
const METHODS = new Set(['actadd', 'caa', 'all']);

export function cellKey(cell: CellCoordinates): string {
  return `${cell.method}@${cell.layerStart}-${cell.layerEnd}x${cell.coefficient}`;
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export function validateSweepSpec(spec: SweepSpec): void {
  const fail = (message: string) => {
    throw new EvalError('invalid-request', message);
  };
  if (!spec.article.text.trim()) fail('The article has no text to summarise.');
  if (!spec.style.trim()) fail('Choose the style of the prompted baseline.');
  if (spec.pairId !== undefined && spec.vectorPath !== undefined) fail('Sweep either a steering pair or a vector file, not both.');
  if (spec.methods.length === 0) fail('Choose at least one steering method to sweep.');
  for (const method of spec.methods) if (!METHODS.has(method)) fail(`"${method}" is not a steering method (actadd, caa or all).`);
  if (spec.layers.length === 0) fail('Choose at least one layer to sweep.');
  for (const layer of spec.layers) if (!Number.isInteger(layer) || layer < 1) fail(`Layer ${layer} is not a layer number (whole numbers from 1).`);
  if (spec.coefficients.length === 0) fail('Choose at least one coefficient to sweep.');
  for (const c of spec.coefficients) if (!Number.isFinite(c)) fail(`Coefficient ${c} is not a number.`);
  const span = spec.layerSpan ?? 1;
  if (!Number.isInteger(span) || span < 1) fail(`The layer span must be a whole number from 1 (got ${span}).`);
  const samples = spec.samples ?? 1;
  if (!Number.isInteger(samples) || samples < 1 || samples > 20) fail(`The samples per cell must be a whole number from 1 to 20 (got ${samples}).`);
  const cells = distinct(spec.methods).length * distinct(spec.layers).length * distinct(spec.coefficients).length;
  if (cells > MAX_SWEEP_CELLS) fail(`The grid has ${cells} cells; sweep at most ${MAX_SWEEP_CELLS} at a time.`);
}

/** Duplicates dropped; the order given is kept. Layer numbers are checked against the model by the engine. */
export function gridOf(spec: SweepSpec): (CellCoordinates & { key: string })[] {
  const span = spec.layerSpan ?? 1;
  const cells: (CellCoordinates & { key: string })[] = [];
  for (const method of distinct(spec.methods)) {
    for (const layer of distinct(spec.layers)) {
      for (const coefficient of distinct(spec.coefficients)) {
        const coordinates: CellCoordinates = { method, layerStart: layer, layerEnd: layer + span - 1, coefficient };
        cells.push({ ...coordinates, key: cellKey(coordinates) });
      }
    }
  }
  return cells;
}
