// The API change report: pairs of small specs for every kind of change a client can notice, then the
// real command on a throw-away git repo holding a copy of the spec.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSpecs, suggestBump } from '../scripts/compare.js';

interface Schema {
  type?: string;
  description?: string;
  enum?: string[];
  items?: Schema;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  anyOf?: Schema[];
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: Schema;
}
interface Operation {
  operationId: string;
  'x-client-method'?: string;
  description?: string;
  parameters: Parameter[];
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, { get?: Operation }>;
}

/** A one-operation spec shaped like the Radar ones: array filters, an enum, `meta` plus series, CSV. */
function base(): Doc {
  const series: Schema = {
    type: 'object',
    required: ['value'],
    properties: { value: { type: 'string', description: 'The share of the series.' } },
  };
  const body: Schema = {
    type: 'object',
    required: ['result', 'success'],
    properties: {
      result: {
        type: 'object',
        required: ['meta'],
        properties: {
          meta: {
            type: 'object',
            required: ['lastUpdated'],
            properties: { lastUpdated: { type: 'string', description: 'When the data was last updated.' } },
          },
        },
        additionalProperties: series,
      },
      success: { type: 'boolean', description: 'Whether the call succeeded.' },
    },
  };
  return {
    openapi: '3.1.0',
    paths: {
      '/radar/summary': {
        get: {
          operationId: 'getSummary',
          description: 'The summary.',
          parameters: [
            { name: 'asn', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
            {
              name: 'dkim',
              in: 'query',
              schema: { type: 'array', items: { type: 'string', enum: ['PASS', 'NONE', 'FAIL'] } },
            },
          ],
          responses: {
            '200': {
              description: 'The summary.',
              content: { 'application/json': { schema: body }, 'text/csv': { schema: { type: 'string' } } },
            },
            '400': { description: 'Bad request.' },
          },
        },
      },
    },
  };
}

/** The one operation of `base()`. */
function op(doc: Doc): Operation {
  const [get] = Object.values(doc.paths).map((item) => item.get);
  if (get === undefined) throw new Error('the test spec lost its operation');
  return get;
}
function param(doc: Doc, name: string): Parameter {
  const found = op(doc).parameters.find((p) => p.name === name);
  if (found === undefined) throw new Error(`the test spec has no parameter ${name}`);
  return found;
}
function json(doc: Doc): Schema {
  const schema = op(doc).responses['200']?.content?.['application/json']?.schema;
  if (schema === undefined) throw new Error('the test spec lost its JSON response');
  return schema;
}
function prop(schema: Schema | undefined, ...path: string[]): Schema {
  let node = schema;
  for (const key of path) node = key === '*' ? node?.additionalProperties : node?.properties?.[key];
  if (node === undefined) throw new Error(`the test spec has no field ${path.join('.')}`);
  return node;
}

/** Moves the operation of `base()` under `/radar/summary/{<name>}`, with that path parameter taking `values`. */
function withDimension(doc: Doc, values: string[], name = 'dimension'): void {
  const get = op(doc);
  const parameters = get.parameters.filter((p) => p.in !== 'path');
  doc.paths = {
    [`/radar/summary/{${name}}`]: {
      get: {
        ...get,
        parameters: [{ name, in: 'path', required: true, schema: { type: 'string', enum: values } }, ...parameters],
      },
    },
  };
}

describe('compareSpecs', () => {
  it.each<{
    description: string;
    from?: (doc: Doc) => void;
    edit: (doc: Doc) => void;
    changes: string[];
    bump: string;
  }>([
    { description: 'no change', edit: () => {}, changes: [], bump: 'none' },
    {
      description: 'the same spec with keys in another order',
      edit: (doc) => {
        const { type, items } = param(doc, 'dkim').schema;
        param(doc, 'dkim').schema = { items: items ?? {}, type: type ?? 'array' };
      },
      changes: [],
      bump: 'none',
    },
    {
      description: 'operation removed',
      edit: (doc) => {
        doc.paths = {};
      },
      changes: ['breaking getSummary: operation removed (GET /radar/summary)'],
      bump: 'major',
    },
    {
      description: 'operation added',
      edit: (doc) => {
        doc.paths['/radar/other'] = { get: { ...op(doc), operationId: 'getOther' } };
      },
      changes: ['additive getOther: operation added (GET /radar/other)'],
      bump: 'minor',
    },
    {
      description: 'operation with a path parameter added',
      edit: (doc) => {
        const dimension = {
          name: 'dimension',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['SPF', 'DKIM'] },
        };
        doc.paths['/radar/summary/{dimension}'] = {
          get: { ...op(doc), operationId: 'getSummaryByDimension', parameters: [dimension, ...op(doc).parameters] },
        };
      },
      changes: ['additive getSummaryByDimension: operation added (GET /radar/summary/{dimension})'],
      bump: 'minor',
    },
    {
      description: 'path parameter enum value removed',
      edit: (doc) => {
        withDimension(doc, ['SPF']);
      },
      from: (doc: Doc) => withDimension(doc, ['SPF', 'DKIM']),
      changes: ['breaking getSummary: path parameter "dimension" enum value "DKIM" removed'],
      bump: 'major',
    },
    {
      description: 'path parameter enum value added',
      edit: (doc) => {
        withDimension(doc, ['SPF', 'DKIM', 'DMARC']);
      },
      from: (doc: Doc) => withDimension(doc, ['SPF', 'DKIM']),
      changes: ['additive getSummary: path parameter "dimension" enum value "DMARC" added'],
      bump: 'minor',
    },
    {
      description: 'path template variable renamed',
      edit: (doc) => {
        withDimension(doc, ['SPF', 'DKIM'], 'kind');
      },
      from: (doc: Doc) => withDimension(doc, ['SPF', 'DKIM']),
      changes: ['breaking getSummary: path parameter "dimension" renamed? to "kind"'],
      bump: 'major',
    },
    {
      description: 'client method renamed',
      edit: (doc) => {
        op(doc)['x-client-method'] = 'radar.summaryV2';
      },
      from: (doc: Doc) => {
        op(doc)['x-client-method'] = 'radar.summary';
      },
      changes: ['breaking getSummary: client method renamed from radar.summary to radar.summaryV2'],
      bump: 'major',
    },
    {
      description: 'client method added',
      edit: (doc) => {
        op(doc)['x-client-method'] = 'radar.summary';
      },
      changes: ['additive getSummary: client method radar.summary added'],
      bump: 'minor',
    },
    {
      description: 'parameter removed',
      edit: (doc) => {
        op(doc).parameters = op(doc).parameters.filter((p) => p.name !== 'asn');
      },
      changes: ['breaking getSummary: query parameter "asn" removed'],
      bump: 'major',
    },
    {
      description: 'parameter renamed (removed and added with the same schema)',
      edit: (doc) => {
        param(doc, 'asn').name = 'asns';
      },
      changes: ['breaking getSummary: query parameter "asn" renamed? to "asns"'],
      bump: 'major',
    },
    {
      description: 'parameter made required',
      edit: (doc) => {
        param(doc, 'asn').required = true;
      },
      changes: ['breaking getSummary: query parameter "asn" made required'],
      bump: 'major',
    },
    {
      description: 'required parameter added',
      edit: (doc) => {
        op(doc).parameters.push({ name: 'tld', in: 'query', required: true, schema: { type: 'string' } });
      },
      changes: ['breaking getSummary: required query parameter "tld" added'],
      bump: 'major',
    },
    {
      description: 'optional parameter added',
      edit: (doc) => {
        op(doc).parameters.push({ name: 'tld', in: 'query', schema: { type: 'string' } });
      },
      changes: ['additive getSummary: optional query parameter "tld" added'],
      bump: 'minor',
    },
    {
      description: 'enum value removed from a request parameter',
      edit: (doc) => {
        prop(param(doc, 'dkim').schema.items).enum = ['PASS', 'NONE'];
      },
      changes: ['breaking getSummary: query parameter "dkim" enum value "FAIL" removed'],
      bump: 'major',
    },
    {
      description: 'enum value added to a request parameter',
      edit: (doc) => {
        prop(param(doc, 'dkim').schema.items).enum = ['PASS', 'NONE', 'FAIL', 'NEUTRAL'];
      },
      changes: ['additive getSummary: query parameter "dkim" enum value "NEUTRAL" added'],
      bump: 'minor',
    },
    {
      description: 'request enum opened to any string',
      edit: (doc) => {
        const items = prop(param(doc, 'dkim').schema.items);
        delete items.enum;
      },
      changes: ['additive getSummary: query parameter "dkim" no longer limited to an enum'],
      bump: 'minor',
    },
    {
      description: 'response enum opened to known values or any string',
      from: (doc: Doc) => {
        prop(json(doc), 'result', 'meta').properties = {
          ...prop(json(doc), 'result', 'meta').properties,
          source: { type: 'string', description: 'Where the data comes from.', enum: ['DNS', 'HTTP'] },
        };
      },
      edit: (doc) => {
        prop(json(doc), 'result', 'meta').properties = {
          ...prop(json(doc), 'result', 'meta').properties,
          source: {
            description: 'Where the data comes from.',
            anyOf: [{ type: 'string', enum: ['DNS', 'HTTP'] }, { type: 'string' }],
          } as Schema,
        };
      },
      changes: [
        'breaking getSummary: response field "result.meta.source" no longer limited to an enum (200 application/json)',
      ],
      bump: 'major',
    },
    {
      description: 'request parameter changed in type',
      edit: (doc) => {
        param(doc, 'asn').schema = { type: 'string' };
      },
      changes: ['breaking getSummary: query parameter "asn" changed type from array to string'],
      bump: 'major',
    },
    {
      description: 'response field removed',
      edit: (doc) => {
        const meta = prop(json(doc), 'result', 'meta');
        meta.properties = {};
        meta.required = [];
      },
      changes: ['breaking getSummary: response field "result.meta.lastUpdated" removed (200 application/json)'],
      bump: 'major',
    },
    {
      description: 'response field of every series removed',
      edit: (doc) => {
        prop(json(doc), 'result', '*').properties = { other: { type: 'string' } };
      },
      changes: [
        'breaking getSummary: response field "result.*.value" removed (200 application/json)',
        'additive getSummary: response field "result.*.other" added (200 application/json)',
      ],
      bump: 'major',
    },
    {
      description: 'response field made optional',
      edit: (doc) => {
        json(doc).required = ['result'];
      },
      changes: ['breaking getSummary: response field "success" made optional (200 application/json)'],
      bump: 'major',
    },
    {
      description: 'response field changed in type',
      edit: (doc) => {
        prop(json(doc), 'success').type = 'string';
      },
      changes: [
        'breaking getSummary: response field "success" changed type from boolean to string (200 application/json)',
      ],
      bump: 'major',
    },
    {
      description: 'response field added',
      edit: (doc) => {
        prop(json(doc), 'result', 'meta').properties = {
          ...prop(json(doc), 'result', 'meta').properties,
          confidence: { type: 'string' },
        };
      },
      changes: ['additive getSummary: response field "result.meta.confidence" added (200 application/json)'],
      bump: 'minor',
    },
    {
      description: 'media type removed',
      edit: (doc) => {
        delete op(doc).responses['200']?.content?.['text/csv'];
      },
      changes: ['breaking getSummary: response 200 media type "text/csv" removed'],
      bump: 'major',
    },
    {
      description: 'media type added',
      edit: (doc) => {
        const content = op(doc).responses['200']?.content;
        if (content !== undefined) content['application/xml'] = { schema: { type: 'string' } };
      },
      changes: ['additive getSummary: response 200 media type "application/xml" added'],
      bump: 'minor',
    },
    {
      description: 'descriptions changed',
      edit: (doc) => {
        op(doc).description = 'The summary, reworded.';
        prop(json(doc), 'success').description = 'Whether it worked.';
      },
      changes: [
        'patch getSummary: description changed',
        'patch getSummary: response field "success" description changed (200 application/json)',
      ],
      bump: 'patch',
    },
  ])('$description', ({ edit, from, changes, bump }) => {
    const before = base();
    from?.(before);
    const head = base();
    from?.(head);
    edit(head);
    const found = compareSpecs(before, head);
    expect(found.map((c) => `${c.impact} ${c.operation}: ${c.message}`)).toEqual(changes);
    expect(suggestBump(found)).toBe(bump);
  });
});

/** `<operationId>: query parameter "<name>"` for every parameter of the bundle whose values are `EmailValidationStatus`. */
function statusParameters(): string[] {
  type Ref = { $ref?: string };
  type Param = Ref & { name?: string; in?: string; schema?: { items?: Ref } };
  const bundle = JSON.parse(readFileSync(new URL('../dist/openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, { operationId: string; parameters?: Param[] }>>;
    components: { parameters: Record<string, Param> };
  };
  const resolve = (p: Param): Param =>
    p.$ref ? (bundle.components.parameters[p.$ref.split('/').pop() ?? ''] ?? p) : p;
  return Object.values(bundle.paths).flatMap((item) =>
    Object.values(item).flatMap((operation) =>
      (operation.parameters ?? [])
        .map(resolve)
        .filter((p) => p.schema?.items?.$ref === '#/components/schemas/EmailValidationStatus')
        .map((p) => `${operation.operationId}: ${p.in} parameter "${p.name}"`),
    ),
  );
}

// The real command, on a git repo holding a copy of the spec: `main` has the spec as it is and then a
// README, the branch `feature` (from the first commit) drops an enum value that several parameters
// of several operations share.
describe('npm run api:diff', () => {
  const specDir = fileURLToPath(new URL('..', import.meta.url));
  const command = join(specDir, 'scripts', 'api-diff.js');
  const repo = mkdtempSync(join(tmpdir(), 'api-diff-repo-'));
  const statusFile = join(repo, 'openapi', 'components', 'schemas', 'EmailValidationStatus.yaml');
  const enumFile = (values: string[]) =>
    writeFileSync(
      statusFile,
      [
        'type: string',
        'description: Outcome of one email authentication check.',
        'enum:',
        ...values.map((v) => `  - ${v}`),
        '',
      ].join('\n'),
    );
  const git = (...args: string[]) => {
    const run = spawnSync(
      'git',
      ['-c', 'user.name=Spec Author', '-c', 'user.email=author@example.invalid', '-c', 'commit.gpgsign=false', ...args],
      { cwd: repo, encoding: 'utf8' },
    );
    if (run.error !== undefined)
      throw new Error(`git is needed to test api:diff: ${run.error.message} (apt-get install git)`);
    if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${repo}: ${run.stderr}`);
  };

  beforeAll(() => {
    cpSync(join(specDir, 'radar.yaml'), join(repo, 'openapi', 'radar.yaml'));
    for (const folder of ['paths', 'components']) {
      cpSync(join(specDir, folder), join(repo, 'openapi', folder), { recursive: true });
    }
    git('init', '--quiet', '--initial-branch=main');
    enumFile(['PASS', 'NONE', 'FAIL']);
    git('add', 'openapi');
    git('commit', '--quiet', '-m', 'The spec');
    git('branch', 'feature');
    writeFileSync(join(repo, 'README.md'), 'Not the spec.\n');
    git('add', 'README.md');
    git('commit', '--quiet', '-m', 'A README');
    git('switch', '--quiet', 'feature');
    enumFile(['PASS', 'NONE']);
    git('commit', '--quiet', '-am', 'Drop FAIL');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  const affected = statusParameters();
  const n = affected.length;
  const [first = 'none'] = affected;
  it('finds the parameters that share the enum in the bundle', () => {
    expect(n).toBeGreaterThanOrEqual(4);
  });
  it.each([
    {
      description: 'a removed enum value is breaking against the merge base with main',
      args: [],
      values: ['PASS', 'NONE'],
      status: 1,
      lines: affected.map((p) => `✘ breaking  ${p} enum value "FAIL" removed`),
      summary: new RegExp(
        `✘ ${n} breaking, 0 additive, 0 patch since the merge base with main \\([0-9a-f]{7}\\): suggested bump major`,
      ),
    },
    {
      description: 'on main, the default is HEAD~1',
      branch: 'main',
      args: [],
      values: ['PASS', 'NONE', 'FAIL', 'NEUTRAL'],
      status: 0,
      lines: [`✔ additive  ${first} enum value "NEUTRAL" added`],
      summary: new RegExp(`✔ 0 breaking, ${n} additive, 0 patch since HEAD~1 \\([0-9a-f]{7}\\): suggested bump minor`),
    },
    {
      description: '--allow-breaking lets the same change pass',
      args: ['--allow-breaking'],
      values: ['PASS', 'NONE'],
      status: 0,
      lines: [`✘ breaking  ${first} enum value "FAIL" removed`],
      summary: new RegExp(`✔ ${n} breaking, 0 additive, 0 patch .*allowed by --allow-breaking: suggested bump major`),
    },
    {
      description: 'an added enum value is additive against a given ref',
      args: ['HEAD'],
      values: ['PASS', 'NONE', 'NEUTRAL'],
      status: 0,
      lines: [
        `✔ additive  ${first} enum value "NEUTRAL" added`,
        '  next: record it with npx changeset (@cf-radar/client, minor)',
      ],
      summary: new RegExp(`✔ 0 breaking, ${n} additive, 0 patch since HEAD \\([0-9a-f]{7}\\): suggested bump minor`),
    },
    {
      description: 'a working tree whose spec does not bundle is refused with the fix',
      args: ['HEAD'],
      values: ['PASS', '[NONE'],
      status: 2,
      lines: ['✘ could not bundle openapi/radar.yaml in the working tree'],
      summary: /fix: npx redocly lint --config redocly.yaml openapi\/radar.yaml/,
    },
    {
      description: 'a ref that names no commit is refused with the fix',
      args: ['no-such-branch'],
      values: ['PASS', 'NONE'],
      status: 2,
      lines: ['✘ git ref no-such-branch does not name a commit'],
      summary: /fix: pass one that does/,
    },
  ])('$description', ({ branch = 'feature', args, values, status, lines, summary }) => {
    git('switch', '--quiet', '--discard-changes', branch);
    enumFile(values);
    const run = spawnSync(process.execPath, [command, ...args], { cwd: repo, encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    for (const line of lines) expect(output.split('\n')).toContain(line);
    expect(output).toMatch(summary);
    expect(run.status, output).toBe(status);
  });
});
