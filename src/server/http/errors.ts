export const errorCodes = [
  'not_found',
  'unauthenticated',
  'invalid_input',
  'conflict',
  'rate_limited',
  'csrf_rejected',
  'payload_too_large',
  'gone',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const statusOfError = {
  not_found: 404,
  unauthenticated: 401,
  invalid_input: 400,
  conflict: 409,
  rate_limited: 429,
  csrf_rejected: 403,
  payload_too_large: 413,
  gone: 410,
  internal: 500,
} as const satisfies Record<ErrorCode, number>;

/** The one error type services throw; the error handler turns it into a page or a JSON problem. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }

  get status() {
    return statusOfError[this.code];
  }
}

/** A record the viewer may not see answers 404, never 403, so its existence is not revealed. */
export const notFound = () => new AppError('not_found');
