/**
 * Control-vector files seen from the backend: what a file holds (layers in our convention, the
 * llama.cpp directions, model hint, our steerling.* metadata) and whether it fits the loaded model.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ModelInfo } from '../core/engine/types';
import { readControlVectorFile } from '../core/steering/control-vector-file';
import { llamaIndexOfLayer, steerableLayers } from '../core/steering/layers';
import { norm } from '../core/steering/vectors';
import type { VectorFileView, VectorListView } from '../ipc/steering-types';

export function describeFit(file: { nEmbd: number; layers: number[]; modelHint: string | null }, model: ModelInfo): { ok: boolean; message: string } {
  if (file.nEmbd !== model.nEmbd) {
    return {
      ok: false,
      message: `Made for a model with ${file.nEmbd} dimensions; ${model.id} has ${model.nEmbd}, so it cannot be used with it.`,
    };
  }
  const { min, max } = steerableLayers(model.nLayer);
  const usable = file.layers.filter((layer) => layer >= min && layer <= max);
  if (usable.length === 0) {
    return { ok: false, message: `None of its layers (${file.layers.join(', ')}) exist in ${model.id}, which steers layers ${min}–${max}.` };
  }
  const hint = file.modelHint && file.modelHint !== model.architecture ? ` It says it was made for "${file.modelHint}" (this model is "${model.architecture}").` : '';
  const skipped = file.layers.length - usable.length;
  const extra = skipped > 0 ? ` ${skipped} of its layers are beyond this model and are ignored.` : '';
  return { ok: true, message: `Fits ${model.id}: layers ${usable[0]}–${usable[usable.length - 1]} can be steered.${extra}${hint}` };
}

export async function inspectVectorFile(file: string, model: ModelInfo | null): Promise<VectorFileView> {
  const read = await readControlVectorFile(file);
  const layers = [...read.vectors.layers.keys()].sort((a, b) => a - b);
  const view: VectorFileView = {
    path: file,
    layers,
    directions: layers.map(llamaIndexOfLayer),
    nEmbd: read.vectors.nEmbd,
    modelHint: read.modelHint ?? null,
    layerCount: read.layerCount ?? null,
    steerling: read.steerling,
    norms: layers.map((layer) => ({ layer, norm: norm(read.vectors.layers.get(layer)!) })),
    fit: null,
  };
  view.fit = model ? describeFit(view, model) : null;
  return view;
}

/** Every .gguf in the vector folder, newest name order; files that do not read are listed with why. */
export async function listVectorFiles(folder: string, model: ModelInfo | null): Promise<VectorListView> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.toLowerCase().endsWith('.gguf')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { folder, vectors: [], unreadable: [] };
    throw error;
  }
  const vectors: VectorFileView[] = [];
  const unreadable: VectorListView['unreadable'] = [];
  for (const name of names) {
    try {
      vectors.push(await inspectVectorFile(path.join(folder, name), model));
    } catch (error) {
      unreadable.push({ file: name, message: (error as Error).message });
    }
  }
  return { folder, vectors, unreadable };
}
