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
  /** Milliseconds the server asked to wait (`Retry-After`), for the caller to schedule the next call. */
  declare readonly retryAfter: number | undefined;
  readonly kind: RadarApiErrorKind = 'other';

  constructor(
    message: string,
    status: number,
    errors: readonly RadarErrorItem[],
    headers: Headers,
    retryAfter?: number | undefined,
  ) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.headers = headers;
    this.rayId = headers.get('cf-ray') ?? undefined;
    this.retryAfter = retryAfter;
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

/** The response body was larger than `maxResponseBytes`; it was cut off while streaming and not retried. */
export class RadarResponseTooLargeError extends RadarError {
  override name = 'RadarResponseTooLargeError';
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

/** Replaces every occurrence of the configured credential values, so that no error carries one a server echoed. */
export function scrub(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret) clean = clean.split(secret).join('[REDACTED]');
  return clean;
}

/**
 * `text` as a JSON string literal on one line. JSON escapes `\n` and `\r` but leaves U+0085, U+2028
 * and U+2029 as they are, and log readers and editors break lines at those too.
 */
export function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Server text as one escaped line of at most `max` characters: a line break in it cannot forge a log line. */
export function excerpt(text: string, max: number): string {
  const line = quote(text).slice(1, -1);
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

const MAX_MESSAGE = 1000;

/** Reads Cloudflare's `errors[]` out of a parsed body, keeping only well-formed entries, scrubbed and bounded. */
export function errorItems(body: Envelope | null | undefined, secrets: readonly string[] = []): RadarErrorItem[] {
  if (!Array.isArray(body?.errors)) return [];
  return body.errors
    .slice(0, 20)
    .flatMap((item: { code?: unknown; message?: unknown } | null) =>
      item?.code === undefined || item.message === undefined
        ? []
        : [{ code: Number(item.code), message: scrub(String(item.message), secrets).slice(0, MAX_MESSAGE) }],
    );
}

/**
 * Builds the error for a response that gave no usable result: the subclass for its status family,
 * and the one-line message `GET /path: 429 Too Many Requests (1015: rate limited)`, at most 1,000
 * characters. A body that is not JSON is quoted as a short escaped excerpt instead of the errors.
 * Every credential value the server may have echoed is scrubbed from the message, the errors and
 * the headers.
 */
export function apiError(
  operation: string,
  response: Response,
  body: Envelope | null | undefined,
  text: string,
  secrets: readonly string[] = [],
  retryAfter?: number,
  problem?: string,
): RadarApiError {
  const { status } = response;
  const errors = errorItems(body, secrets);
  const reasons =
    problem ??
    (body === undefined
      ? `body is not JSON: "${excerpt(scrub(text.replace(/\s+/g, ' ').trim(), secrets), 80)}"`
      : errors.length > 0 || !response.ok
        ? errors.map((error) => `${error.code}: ${excerpt(error.message, 200)}`).join('; ')
        : 'success is not true');
  const statusText = STATUS_TEXT[status] ?? excerpt(response.statusText, 40);
  const line = `${operation}: ${status}${statusText ? ` ${statusText}` : ''}${reasons ? ` (${reasons})` : ''}`;
  const message = line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
  const headers = new Headers();
  response.headers.forEach((value, name) => {
    headers.append(name, scrub(value, secrets));
  });
  const ErrorClass = CLASSES[status] ?? (status >= 500 ? InternalServerError : RadarApiError);
  return new ErrorClass(message, status, errors, headers, retryAfter);
}
