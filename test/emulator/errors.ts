// Error bodies. The live service answers in two styles and the SDK reads both (§1.7):
//  - interaction service: {"error":{"message":"...","code":"invalid_request"}}  (request validation, not found)
//  - Google front end:    {"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED","details":[...]}}  (auth, quota, 5xx, Files API)

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body && 'error' in body ? String((body as { error: { message?: string } }).error.message) : `HTTP ${status}`);
  }
}

/** 400 in the interaction-service style; never retried by the SDK. */
export function invalidRequest(message: string): HttpError {
  return new HttpError(400, { error: { message, code: 'invalid_request' } });
}

export function notFound(message: string): HttpError {
  return new HttpError(404, { error: { message, code: 'not_found' } });
}

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Front-end style (`google.rpc.Status`). */
export function rpcError(code: number, message: string, details?: unknown[], headers: Record<string, string> = {}, status?: string): HttpError {
  const error: Record<string, unknown> = { code, message, status: status ?? STATUS_TEXT[code] ?? 'UNKNOWN' };
  if (details) error.details = details;
  return new HttpError(code, { error }, headers);
}
