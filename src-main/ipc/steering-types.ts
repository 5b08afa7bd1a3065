/**
 * Shapes the steering channels of the contract return. Types only: where a shape is core's own,
 * it is core's type (imported with `import type`, so nothing of core runs in the renderer), and
 * views add only what the channel adds.
 *
 * Layers are block-input layers everywhere here: layer L is the residual stream entering
 * 0-indexed block L (see core/steering/layers.ts).
 */
import type { SteeringMethod, SteeringSettings } from '../core/engine/steering-settings';
import type { VectorBuildMethod, VectorBuildProgress, VectorBuildResult } from '../core/steering/vector-build-types';

export interface LibraryPairData {
  id: string;
  positive: string;
  negative: string;
  note?: string;
}

export interface LibraryStyleData {
  id: string;
  name: string;
  description?: string;
  suggested?: { method: SteeringMethod; layerStart: number; layerEnd: number; coefficient: number };
  pairs: LibraryPairData[];
}

/** A pair library as stored (format "steerling-pair-library", version 1). */
export interface LibraryData {
  format: 'steerling-pair-library';
  version: 1;
  id: string;
  name: string;
  description?: string;
  styles: LibraryStyleData[];
}

export interface LibraryView extends LibraryData {
  /** The built-in library is read-only: duplicate it to edit. */
  builtin: boolean;
}

export interface LibraryListView {
  /** Built-in first, then the writer's libraries by name. */
  libraries: LibraryView[];
  /** Files in the library folder that could not be read, with why; they are left on disk. */
  unreadable: { file: string; message: string }[];
  /** The folder holding the writer's libraries, one JSON file each. */
  folder: string;
}

export interface LibraryImportResult {
  library: LibraryView;
  /** The id in the file when it was taken and the library got a new one; else null. */
  renamedFrom: string | null;
  /** The same library (same content) was imported before: nothing was added, `library` is that one. */
  alreadyImported: boolean;
}

export interface SteeringMethodInfo {
  id: SteeringMethod;
  label: string;
  /** One line for the writer. */
  description: string;
  /** False where the method cannot use a control-vector file (ActAdd needs a pair). */
  worksWithVectorFile: boolean;
}

export type VectorBuildMethodId = VectorBuildMethod;

export interface VectorBuildMethodInfo {
  id: VectorBuildMethodId;
  label: string;
  description: string;
}

export interface SteeringInfo {
  /** The layer convention, in words, to show next to every layer control. */
  convention: string;
  /** Steerable layers of the loaded model (inclusive), or null when no model is loaded. */
  layers: { min: number; max: number; nLayer: number } | null;
  methods: SteeringMethodInfo[];
  buildMethods: VectorBuildMethodInfo[];
  /** Starting settings for the loaded model (or for a 32-block 7B model when none is loaded). */
  defaults: SteeringSettings;
  /** Why these defaults, and that the best layer and strength are found by trying (a sweep). */
  defaultsNote: string;
  /** |coefficient| above this is refused. */
  maxCoefficient: number;
  /** Where built vectors are saved when no path is given. */
  vectorFolder: string;
}

export interface VectorBuildProgressEvent extends VectorBuildProgress {
  /** The file being built (one build runs at a time). */
  path: string;
}

/** A built vector as the build channel answers it: the build's result and the pairs it used. */
export interface VectorBuildView extends VectorBuildResult {
  pairReference: string;
}

export interface VectorFileView {
  path: string;
  /** Block-input layers with a direction (file direction.N is layer N + 1). */
  layers: number[];
  /** The llama.cpp direction.N indices in the file. */
  directions: number[];
  nEmbd: number;
  modelHint: string | null;
  layerCount: number | null;
  /** Our own metadata (pair, method, layer convention), without the "steerling." prefix; empty for files made elsewhere. */
  steerling: Record<string, string | number | boolean>;
  /** Length of each direction, to judge coefficients: a larger vector needs a smaller one. */
  norms: { layer: number; norm: number }[];
  /** Whether it fits the loaded model; null when no model is loaded. */
  fit: { ok: boolean; message: string } | null;
}

export interface VectorListView {
  folder: string;
  vectors: VectorFileView[];
  unreadable: { file: string; message: string }[];
}
