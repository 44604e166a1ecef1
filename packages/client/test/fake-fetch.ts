// An injected `fetch` for tests: answers each call with the next scripted `Response` (or error) and
// records what was sent. Nothing is mocked: the client gets real `Response` objects.
import type { RadarFetch } from '../src/index.js';

export interface SentRequest {
  url: URL;
  method: string;
  headers: Headers;
}

export type Script = Response | Error | ((signal: AbortSignal | undefined) => Promise<Response>);

export function fakeFetch(...script: Script[]): RadarFetch & { sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    sent.push({
      url: new URL(input instanceof Request ? input.url : input),
      method: init?.method ?? (input instanceof Request ? input.method : 'GET'),
      headers: new Headers(input instanceof Request ? input.headers : init?.headers),
    });
    const next = script.shift() ?? new Error(`fakeFetch: no scripted answer for call ${sent.length}`);
    if (next instanceof Error) throw next;
    if (next instanceof Response) return next;
    return next(init?.signal ?? undefined);
  };
  return Object.assign(fetch, { sent });
}

/** A JSON response, `success: true` with `result` unless a body is given. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export const ok = (result: unknown): Response => json({ success: true, errors: [], messages: [], result });

/** Cloudflare's error envelope with one error. */
export const failure = (
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response => json({ success: false, errors: [{ code, message }], messages: [], result: null }, status, headers);

/** A fetch answer that never comes, until the request's signal aborts. */
export const hang = (signal: AbortSignal | undefined): Promise<Response> =>
  new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));

/** Obviously fake credentials. */
export const TOKEN = 'test-token-not-a-secret-0000000000000000';
