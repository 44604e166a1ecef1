// The error hierarchy. Classes rather than plain data because `instanceof` is what callers reach for.
// Every message is one greppable line: `GET /radar/…: 429 Too Many Requests (1015: rate limited)`.
// No message, field or cause carries a credential: only the method, the spec path and the response.

/** One entry of Cloudflare's `errors[]` envelope. */
export interface RadarErrorItem {
  code: number;
  message: string;
}

/** Which status family an API error belongs to; one subclass per family. */
export type RadarApiErrorKind =
  | 'bad_request'
  | 'authentication'
  | 'permission_denied'
  | 'not_found'
  | 'unprocessable_entity'
  | 'rate_limit'
  | 'internal_server'
  | 'other';

/** Base class of everything this client throws. */
export class RadarError extends Error {
  override name = 'RadarError';
}

/** The API answered, but not with a usable result: a non-2xx status, `success: false`, or a body that is not JSON. */
export class RadarApiError extends RadarError {
  override name = 'RadarApiError';
  // `declare`d: the constructor assigns them, and a field declaration would only add bytes to every bundle.
  /** HTTP status; 200 when the body said `success: false` or could not be read. */
  declare readonly status: number;
  /** Cloudflare's `errors[]`; empty when the body had none. */
  declare readonly errors: readonly RadarErrorItem[];
  /** The response headers. */
  declare readonly headers: Headers;
  /** The `cf-ray` id, to quote when asking Cloudflare about a request. */
  declare readonly rayId: string | undefined;
  readonly kind: RadarApiErrorKind = 'other';

  constructor(message: string, status: number, errors: readonly RadarErrorItem[], headers: Headers) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.headers = headers;
    this.rayId = headers.get('cf-ray') ?? undefined;
  }
}

/** 400: a parameter has a value the API does not accept. */
export class BadRequestError extends RadarApiError {
  override name = 'BadRequestError';
  override readonly kind = 'bad_request';
}
/** 401: the credentials are missing or wrong. */
export class AuthenticationError extends RadarApiError {
  override name = 'AuthenticationError';
  override readonly kind = 'authentication';
}
/** 403: the credentials lack a permission (User Details Read). */
export class PermissionDeniedError extends RadarApiError {
  override name = 'PermissionDeniedError';
  override readonly kind = 'permission_denied';
}
/** 404: no such endpoint, or nothing known for these filters. */
export class NotFoundError extends RadarApiError {
  override name = 'NotFoundError';
  override readonly kind = 'not_found';
}
/** 422: the query is valid but too expensive; narrow it. */
export class UnprocessableEntityError extends RadarApiError {
  override name = 'UnprocessableEntityError';
  override readonly kind = 'unprocessable_entity';
}
/** 429: rate limited, still so after the retries. */
export class RateLimitError extends RadarApiError {
  override name = 'RateLimitError';
  override readonly kind = 'rate_limit';
}
/** 5xx: Cloudflare could not answer, still so after the retries. */
export class InternalServerError extends RadarApiError {
  override name = 'InternalServerError';
  override readonly kind = 'internal_server';
}

/** The request did not get a response: DNS, TCP, TLS or a dropped connection. `cause` holds the original error. */
export class RadarConnectionError extends RadarError {
  override name = 'RadarConnectionError';
}

/** No response within `timeout` milliseconds. */
export class RadarTimeoutError extends RadarConnectionError {
  override name = 'RadarTimeoutError';
}

/** Bad input or missing credentials, refused before any request. */
export class RadarValidationError extends RadarError {
  override name = 'RadarValidationError';
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const CLASSES: Record<number, typeof RadarApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** Cloudflare's response envelope, as far as the client reads it; a body may be any JSON, or none. */
export interface Envelope {
  success?: unknown;
  result?: unknown;
  errors?: unknown;
}

/** Reads Cloudflare's `errors[]` out of a parsed body, keeping only well-formed entries. */
export function errorItems(body: Envelope | null | undefined): RadarErrorItem[] {
  if (!Array.isArray(body?.errors)) return [];
  return body.errors.flatMap((item: { code?: unknown; message?: unknown } | null) =>
    item?.code === undefined || item.message === undefined
      ? []
      : [{ code: Number(item.code), message: String(item.message) }],
  );
}

/**
 * Builds the error for a response that gave no usable result: the subclass for its status family,
 * and the one-line message `GET /path: 429 Too Many Requests (1015: rate limited)`. A body that is
 * not JSON is quoted as a short single-line excerpt instead of the errors.
 */
export function apiError(
  operation: string,
  response: Response,
  body: Envelope | null | undefined,
  text: string,
): RadarApiError {
  const { status } = response;
  const errors = errorItems(body);
  const line = text.replace(/\s+/g, ' ').trim();
  const reasons =
    body === undefined
      ? `body is not JSON: "${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`
      : errors.length > 0 || !response.ok
        ? errors.map((error) => `${error.code}: ${error.message}`).join('; ')
        : 'success is not true';
  const statusText = STATUS_TEXT[status] ?? response.statusText;
  const message = `${operation}: ${status}${statusText ? ` ${statusText}` : ''}${reasons ? ` (${reasons})` : ''}`;
  const ErrorClass = CLASSES[status] ?? (status >= 500 ? InternalServerError : RadarApiError);
  return new ErrorClass(message, status, errors, response.headers);
}
