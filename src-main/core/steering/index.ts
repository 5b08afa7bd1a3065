/** Public surface of core/steering (layer convention: block input, see layers.ts). */
export { SteeringError, type SteeringErrorCode } from './errors';
export { toEngineError } from './engine-errors';
export type { SteeringMethod, SteeringSettings } from '../engine/steering-settings';
export {
  LAYER_CONVENTION_TEXT,
  assertCapturableLayer,
  assertSteerableRange,
  capturableLayers,
  layerOfLlamaIndex,
  layerOfResidPost,
  llamaIndexOfLayer,
  steerableLayers,
  type LayerBounds,
} from './layers';
export { MAX_COEFFICIENT, assertCoefficient, sumLayerVectors, toNativeControlVector, type LayerVectors } from './vectors';
export {
  readControlVectorFile,
  writeControlVectorFile,
  encodeControlVector,
  type ControlVectorFile,
  type SteerlingMetadata,
  type WriteControlVectorOptions,
} from './control-vector-file';
export {
  actAddMean,
  buildActAddVector,
  buildActAddVectors,
  buildMeanDifference,
  buildPcaVector,
  firstPrincipalDirection,
  tokenisePair,
  type ActAddVector,
  type PairPositions,
  type PcaOptions,
  type SteeringPair,
} from './builders';
export { createActivationReader, findWhitespacePadToken, type ActivationReader } from './activation-reader';
export { SteeringInjector, applyControlVector, evaluateFront, preparePlan, type InjectionPlan } from './injection';
export {
  bridgeFor,
  buildSteeringVector,
  perPositionVectors,
  readerFor,
  saveSteeringVector,
  type BuildVectorRequest,
  type VectorMethod,
} from './vector-building';
export { createSteeringProvider, createSteeringProviderFromEnv, type SteeringProviderOptions } from './steering-provider';
export {
  BUILTIN_LIBRARY_ID,
  builtinLibrary,
  parsePairLibrary,
  parsePairLibraryJson,
  resolvePairReference,
  type LibraryPair,
  type PairLibrary,
  type PairStyle,
  type ResolvedPairs,
} from './pair-library';
export { PairLibraryStore, type LibraryListing, type NewLibrary } from './pair-library-store';
export {
  SteeringBridge,
  loadSteeringAddon,
  setSteeringAddonPath,
  steeringAddonPath,
  type CaptureSegment,
  type NativeContextInfo,
  type NativeControlVector,
} from './native/index';
