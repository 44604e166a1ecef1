// The spec's path templates, on a spec of their own: which operation a concrete path belongs to, the
// values in it, and the concrete path for given values.
import { describe, expect, it } from 'vitest';
import { canonicalPath, decodeSegments, fillTemplate, findRoute, routesOf } from '../src/path-template.js';

const parameter = (name: string, schema: Record<string, unknown>) => ({ name, in: 'path', required: true, schema });
const spec = {
  paths: {
    '/files/{name}.{ext}': {
      get: { operationId: 'getFile', parameters: [parameter('name', {}), parameter('ext', {})] },
    },
    '/files/{name}': { get: { operationId: 'getFileByName', parameters: [{ $ref: '#/components/parameters/Name' }] } },
    '/files/latest': { get: { operationId: 'getLatestFile' } },
  },
  components: { parameters: { Name: parameter('name', { type: 'string', enum: ['a', 'b'] }) } },
};
const routes = routesOf(spec);
const match = (path: string) => {
  const found = findRoute(routes, 'GET', decodeSegments(path));
  return found && { operationId: found.route.operationId, values: found.values };
};

describe('path templates', () => {
  it.each([
    { path: '/files/latest', operationId: 'getLatestFile', values: {} },
    { path: '/files/report.csv', operationId: 'getFile', values: { name: 'report', ext: 'csv' } },
    { path: '/files/a', operationId: 'getFileByName', values: { name: 'a' } },
    { path: '/files/a%2Fb', operationId: 'getFileByName', values: { name: 'a/b' } },
  ])('matches $path to $operationId', ({ path, operationId, values }) => {
    expect(match(path)).toEqual({ operationId, values });
  });

  it.each(['/files', '/files/a/b', '/other/a', '/files/'])('matches %s to no operation', (path) => {
    expect(match(path)).toBeUndefined();
  });

  it('reads path parameters through $ref, with their enum', () => {
    expect(routes.find((r) => r.operationId === 'getFileByName')?.pathParameters).toEqual([
      {
        name: 'name',
        in: 'path',
        array: false,
        required: true,
        schema: '#/components/parameters/Name/schema',
        enum: ['a', 'b'],
        type: 'string',
      },
    ]);
  });

  it('fills a template percent-encoded, and says which value is missing', () => {
    expect(fillTemplate('/files/{name}.{ext}', { name: 'a b', ext: 'c/d' })).toBe('/files/a%20b.c%2Fd');
    expect(() => fillTemplate('/files/{name}', {})).toThrow('no value for the path parameter "name" of /files/{name}');
  });

  it('writes one path one way, and refuses malformed percent-encoding', () => {
    expect(canonicalPath(decodeSegments('/files/%61%5F'))).toBe(canonicalPath(decodeSegments('/files/a_')));
    expect(() => decodeSegments('/files/%E0%A4%A')).toThrow(URIError);
  });
});
