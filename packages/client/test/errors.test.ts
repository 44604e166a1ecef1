import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  createRadarClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RadarApiError,
  RadarError,
  RateLimitError,
  UnprocessableEntityError,
} from '../src/index.js';
import { failure, fakeFetch, json, TOKEN } from './fake-fetch.js';

const PATH = 'GET /radar/tcp_resets_timeouts/summary';

async function thrown(...answers: Response[]): Promise<unknown> {
  const client = createRadarClient({ apiToken: TOKEN, fetch: fakeFetch(...answers), maxRetries: 0 });
  return client.radar.tcpResetsTimeouts.summary().then(
    () => new Error('expected the call to fail'),
    (error: unknown) => error,
  );
}

describe('API errors', () => {
  it.each([
    {
      description: '400 is a BadRequestError',
      status: 400,
      code: 10001,
      Class: BadRequestError,
      kind: 'bad_request',
      text: 'Bad Request',
    },
    {
      description: '401 is an AuthenticationError',
      status: 401,
      code: 10000,
      Class: AuthenticationError,
      kind: 'authentication',
      text: 'Unauthorized',
    },
    {
      description: '403 is a PermissionDeniedError',
      status: 403,
      code: 10000,
      Class: PermissionDeniedError,
      kind: 'permission_denied',
      text: 'Forbidden',
    },
    {
      description: '404 is a NotFoundError',
      status: 404,
      code: 7003,
      Class: NotFoundError,
      kind: 'not_found',
      text: 'Not Found',
    },
    {
      description: '422 is an UnprocessableEntityError',
      status: 422,
      code: 10035,
      Class: UnprocessableEntityError,
      kind: 'unprocessable_entity',
      text: 'Unprocessable Entity',
    },
    {
      description: '429 is a RateLimitError',
      status: 429,
      code: 1015,
      Class: RateLimitError,
      kind: 'rate_limit',
      text: 'Too Many Requests',
    },
    {
      description: '500 is an InternalServerError',
      status: 500,
      code: 10002,
      Class: InternalServerError,
      kind: 'internal_server',
      text: 'Internal Server Error',
    },
    {
      description: '503 is an InternalServerError',
      status: 503,
      code: 10002,
      Class: InternalServerError,
      kind: 'internal_server',
      text: 'Service Unavailable',
    },
    {
      description: 'another 4xx is a plain RadarApiError',
      status: 409,
      code: 1,
      Class: RadarApiError,
      kind: 'other',
      text: 'Conflict',
    },
  ])('$description', async ({ status, code, Class, kind, text }) => {
    const error = await thrown(failure(status, code, 'what went wrong', { 'cf-ray': '8c0ffee000000000-LIS' }));
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(RadarApiError);
    expect(error).toBeInstanceOf(RadarError);
    expect(error).toMatchObject({
      status,
      kind,
      errors: [{ code, message: 'what went wrong' }],
      rayId: '8c0ffee000000000-LIS',
      message: `${PATH}: ${status} ${text} (${code}: what went wrong)`,
    });
    expect((error as RadarApiError).headers.get('content-type')).toBe('application/json');
  });

  it('names the error class in its name, for logs', async () => {
    expect(await thrown(failure(429, 1015, 'rate limited'))).toMatchObject({
      name: 'RateLimitError',
      message: `${PATH}: 429 Too Many Requests (1015: rate limited)`,
    });
  });

  it('joins several errors in one line', async () => {
    const body = {
      success: false,
      errors: [
        { code: 1, message: 'a' },
        { code: 2, message: 'b' },
      ],
      result: null,
    };
    expect(await thrown(json(body, 400))).toMatchObject({ message: `${PATH}: 400 Bad Request (1: a; 2: b)` });
  });

  it.each([
    {
      description: 'an HTML 502 page becomes an API error with an excerpt',
      answer: new Response('<html>\n<head><title>502 Bad Gateway</title></head>\n</html>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      }),
      Class: InternalServerError,
      message: `${PATH}: 502 Bad Gateway (body is not JSON: "<html> <head><title>502 Bad Gateway</title></head> </html>")`,
    },
    {
      description: 'a truncated 200 body becomes an API error, not a SyntaxError',
      answer: new Response('{"success":true,"result":{"meta":', { status: 200 }),
      Class: RadarApiError,
      // Quoted and escaped: a body excerpt cannot end the quote or forge a second log line.
      message: `${PATH}: 200 OK (body is not JSON: "{\\"success\\":true,\\"result\\":{\\"meta\\":")`,
    },
    {
      description: 'an empty 200 body is an API error',
      answer: new Response('', { status: 200 }),
      Class: RadarApiError,
      message: `${PATH}: 200 OK (body is not JSON: "")`,
    },
    {
      description: 'a 200 with success false is an error carrying its errors',
      answer: json({ success: false, errors: [{ code: 10000, message: 'Authentication error' }], result: null }),
      Class: RadarApiError,
      message: `${PATH}: 200 OK (10000: Authentication error)`,
    },
    {
      description: 'a 200 without success is an error',
      answer: json({ result: { meta: {} } }),
      Class: RadarApiError,
      message: `${PATH}: 200 OK (success is not true)`,
    },
  ])('$description', async ({ answer, Class, message }) => {
    const error = await thrown(answer);
    expect(error).toBeInstanceOf(Class);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toBe(message);
  });

  it('cuts a long non-JSON body to a short one-line excerpt', async () => {
    const error = await thrown(new Response(`<html>${'x'.repeat(5000)}</html>`, { status: 502 }));
    expect((error as Error).message.length).toBeLessThan(200);
    expect((error as Error).message).toMatch(/…"\)$/);
    expect((error as Error).message).not.toContain('\n');
  });
});
