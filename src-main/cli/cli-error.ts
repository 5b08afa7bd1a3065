/** A mistake in how the CLI was called: printed as is, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Turns any error into the one line a person at a terminal should read. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
