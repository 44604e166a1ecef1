// Replay through the real client: for every recording, the client sends the recorded request and
// resolves to the recorded `result` (or the CSV text), or throws the documented error class with the
// recorded status and Cloudflare error code.
import {
  AuthenticationError,
  BadRequestError,
  createRadarClient,
  InternalServerError,
  NotFoundError,
  operationFacts,
  PermissionDeniedError,
  RadarApiError,
  RateLimitError,
  UnprocessableEntityError,
} from '@cf-radar/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordings, sameQuery } from '../src/recording.js';
import { type ReplayServer, startReplayServer } from '../src/replay-server.js';
import { loadSpec, mediaType } from '../src/spec.js';
import { argumentsFromRecording, callOperation, recordingFetch } from './calls.js';

const spec = loadSpec();
const recordings = readRecordings();

/** The error class the client documents for each status. */
function errorClass(status: number): typeof RadarApiError {
  if (status === 400) return BadRequestError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 422) return UnprocessableEntityError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return InternalServerError;
  return RadarApiError;
}

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});

describe('replay through @cf-radar/client', () => {
  it('has every operation of the spec, and recordings of each', () => {
    expect(new Set(Object.keys(operationFacts))).toEqual(new Set(spec.operations.keys()));
    expect(new Set(recordings.map((entry) => entry.operationId))).toEqual(new Set(spec.operations.keys()));
  });

  it.each(recordings.map((entry) => ({ description: entry.file, entry })))('$description', async ({ entry }) => {
    const { request, response } = entry.recording;
    const { fetch, sent } = recordingFetch();
    const client = createRadarClient({
      apiToken: 'replay-token-not-a-secret',
      baseUrl: server.url,
      fetch,
      maxRetries: 0,
      deprecationWarnings: false,
    });
    const args = argumentsFromRecording(spec, entry.operationId, request);
    const outcome = await callOperation(client, entry.operationId, args).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );

    // The request the client sends equals the recorded one: method, path, the query (each key's
    // values in series order) and the credentials header, redacted on both sides.
    expect(sent).toHaveLength(1);
    const [first] = sent;
    expect({ method: first?.method, path: first?.path }).toEqual({ method: request.method, path: request.path });
    expect(sameQuery(first?.query ?? [], request.query), `sent ${JSON.stringify(first?.query)}`).toBe(true);
    for (const [name, value] of Object.entries(request.headers)) expect(first?.headers[name]).toBe(value);

    if (response.status >= 200 && response.status < 300) {
      expect(outcome).not.toHaveProperty('error');
      const csv = mediaType(response.headers['content-type']) === 'text/csv';
      const body = response.body;
      const expected = csv ? body : body !== null && typeof body === 'object' && 'result' in body ? body.result : body;
      expect(outcome).toEqual({ value: expected });
      return;
    }
    expect(outcome).toHaveProperty('error');
    const error = 'error' in outcome ? outcome.error : undefined;
    expect(error).toBeInstanceOf(errorClass(response.status));
    if (!(error instanceof RadarApiError)) throw new Error('unreachable: checked by toBeInstanceOf');
    expect(error.status).toBe(response.status);
    expect(error.rayId).toBe(response.headers['cf-ray']);
    const body = response.body;
    const codes =
      body !== null && typeof body === 'object' && 'errors' in body && Array.isArray(body.errors)
        ? body.errors.map((item) => (item !== null && typeof item === 'object' && 'code' in item ? item.code : null))
        : [];
    expect(error.errors.map((item) => item.code)).toEqual(codes);
    // The message names the operation by its path: the one sent, or the spec's template of it.
    const template = spec.operations.get(entry.operationId)?.path ?? request.path;
    const paths = [request.path, template].map((path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    expect(error.message).toMatch(new RegExp(`^${request.method} (?:${paths}): ${response.status} `));
  });
});
