/**
 * Base of every error Steerling reports: a stable `code` that programs (the IPC layer, the CLI's
 * exit status, tests) branch on, and a `message` written for the person reading it.
 */
export abstract class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
