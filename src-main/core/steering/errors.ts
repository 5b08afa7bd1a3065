import { CodedError } from '../coded-error';

/**
 * The one error type of core/steering. `code` is for programs (IPC, CLI exit codes, tests);
 * `message` is written for a person choosing layers, pairs and coefficients.
 */
export type SteeringErrorCode =
  /** The native side addon is not built or cannot load. */
  | 'addon-missing'
  /** node-llama-cpp's internals differ from what the addon was compiled against. */
  | 'addon-incompatible'
  /** A layer outside what the model has, or one that cannot be steered. */
  | 'invalid-layer'
  /** Coefficient or vector values that are not finite or absurdly large. */
  | 'invalid-coefficient'
  /** A steering pair that is empty, identical on both sides, or otherwise unusable. */
  | 'invalid-pair'
  /** A vector whose size or layers do not fit the loaded model. */
  | 'vector-mismatch'
  /** A control-vector file that cannot be read or does not follow the format. */
  | 'invalid-vector-file'
  /** A pair library that cannot be read, saved or validated. */
  | 'invalid-library'
  /** Steering was changed while the context was generating. */
  | 'busy'
  /** llama.cpp rejected an operation. */
  | 'native-failed';

export class SteeringError extends CodedError<SteeringErrorCode> {
  override readonly name = 'SteeringError';
}
