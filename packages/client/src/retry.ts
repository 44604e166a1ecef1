// When and how long to wait before trying a request again. Mirrors the official SDK's policy:
// https://github.com/cloudflare/cloudflare-typescript/blob/main/src/core.ts (shouldRetry, calculateDefaultRetryTimeoutMillis).

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;

/** Whether a response with this status is worth another try. */
export function isRetryableStatus(status: number): boolean {
  if (status === 408) return true; // Request Timeout: the server gave up waiting for us.
  if (status === 409) return true; // Conflict: Cloudflare uses it for lock contention that clears.
  if (status === 429) return true; // Too Many Requests: wait as told, then again.
  if (status >= 500) return true; // Server errors are usually transient at Cloudflare's edge.
  return false; // Any other status will not change by asking again.
}

/** The wait a response asks for, from `retry-after-ms` or `Retry-After` (seconds or an HTTP date); undefined when none. */
export function requestedDelay(headers: Headers | undefined, now = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (milliseconds >= 0) return milliseconds;
  const retryAfter = headers?.get('retry-after') ?? '';
  // RFC 9110, section 10.2.3: seconds, or an HTTP date.
  const seconds = /^\s*\d+(?:\.\d+)?\s*$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now;
  return Number.isNaN(seconds) ? undefined : Math.max(0, seconds);
}

/**
 * The wait before retry number `retry` (0 for the first) when the server asks for none: 0.5 s
 * doubling per retry, capped at 8 s, minus up to 25% jitter so that many clients do not retry in step.
 */
export function backoff(retry: number, random = Math.random()): number {
  return Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS) * (1 - random * 0.25);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
