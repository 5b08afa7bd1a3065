/** How steering failures look to the engine's callers: an EngineError with the same message. */
import { EngineError, type EngineErrorCode } from '../engine/types';
import { SteeringError } from './errors';

const CODE_FOR: Record<SteeringError['code'], EngineErrorCode> = {
  'addon-missing': 'invalid-request',
  'addon-incompatible': 'invalid-request',
  'invalid-layer': 'invalid-request',
  'invalid-coefficient': 'invalid-request',
  'invalid-pair': 'invalid-request',
  'vector-mismatch': 'invalid-request',
  'invalid-vector-file': 'invalid-request',
  'invalid-library': 'invalid-request',
  busy: 'busy',
  'native-failed': 'generation-failed',
};

/** SteeringError → EngineError (the SteeringError stays as `cause`); anything else unchanged. */
export function toEngineError(error: unknown): unknown {
  if (error instanceof SteeringError) return new EngineError(CODE_FOR[error.code], error.message, { cause: error });
  return error;
}
