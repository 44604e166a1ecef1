// Checks one recording against the spec: its request is one the operation describes (path template,
// path parameter values), its status and content type are declared for the operation, the headers the
// spec declares are there, and its body validates against the schema. Each problem is one line that
// names the recording, where in it, and the file under `openapi/` to edit, so drift says what to do.
import { resolvePointer } from '@cf-radar/openapi/validator';
import { type Json, type RecordingFile, recordingName } from './recording.js';
import {
  bundlePointer,
  declaredStatus,
  findOperation,
  matchPath,
  mediaType,
  type Spec,
  type SpecParameter,
  specFile,
} from './spec.js';

/** What a drift report needs of a recording: where it is, its operation (the folder) and its content. */
export type RecordingEntry = Pick<RecordingFile, 'file' | 'operationId' | 'recording'>;

const isObject = (node: unknown): node is Record<string, unknown> =>
  node !== null && typeof node === 'object' && !Array.isArray(node);

const COMPOSITION = ['allOf', 'anyOf', 'oneOf'];

/** The property names a schema declares, its compositions' included (`$ref`s followed). */
function declaredProperties(document: unknown, pointer: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(pointer)) return names;
  seen.add(pointer);
  const node = resolvePointer(document, pointer);
  if (!isObject(node)) return names;
  if (typeof node.$ref === 'string') return declaredProperties(document, node.$ref, seen);
  for (const name of Object.keys(isObject(node.properties) ? node.properties : {})) names.add(name);
  for (const key of COMPOSITION) {
    const members = node[key];
    if (!Array.isArray(members)) continue;
    for (const [i, member] of members.entries()) {
      const at = isObject(member) && typeof member.$ref === 'string' ? member.$ref : `${pointer}/${key}/${i}`;
      for (const name of declaredProperties(document, at, seen)) names.add(name);
    }
  }
  return names;
}

/** The component schemas a schema composes with `allOf`/`anyOf`/`oneOf`, by pointer. */
function composedSchemas(document: unknown, pointer: string): string[] {
  const node = resolvePointer(document, pointer);
  if (!isObject(node)) return [];
  return COMPOSITION.flatMap((key) => {
    const members = node[key];
    return Array.isArray(members)
      ? members.flatMap((member) => (isObject(member) && typeof member.$ref === 'string' ? [member.$ref] : []))
      : [];
  });
}

const segments = (pointer: string): string[] =>
  pointer === '/' || pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

/**
 * A JSON pointer into the body as a reader writes it: `/result/meta/dateRange/0` →
 * `result.meta.dateRange[0]`; `body` for the whole body. Array items get `[i]`, keys that are not
 * identifiers `["a.b"]`.
 */
export function bodyPath(body: Json, pointer: string, extra?: string): string {
  let out = '';
  let node: unknown = body;
  for (const key of [...segments(pointer), ...(extra === undefined ? [] : [extra])]) {
    if (Array.isArray(node)) {
      out += `[${key}]`;
      node = node[Number(key)];
      continue;
    }
    out += /^[A-Za-z_$][\w$]*$/.test(key) ? `${out === '' ? '' : '.'}${key}` : `[${JSON.stringify(key)}]`;
    node = isObject(node) ? node[key] : undefined;
  }
  return out === '' ? 'body' : out;
}

function valueAt(body: Json, pointer: string): unknown {
  let node: unknown = body;
  for (const key of segments(pointer))
    node = Array.isArray(node) || isObject(node) ? Reflect.get(node, key) : undefined;
  return node;
}

/** A value from the wire as the parameter's schema types it: `'true'` → `true`, `'5'` → `5`. */
function typed(parameter: SpecParameter, value: string): unknown {
  if (parameter.itemType === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  if ((parameter.itemType === 'integer' || parameter.itemType === 'number') && value.trim() !== '') {
    const number = Number(value);
    return Number.isNaN(number) ? value : number;
  }
  return value;
}

/** Problems of the recorded request: the operation's path, and each path, query and header value. */
function requestProblems(spec: Spec, entry: RecordingEntry, name: string): string[] {
  const { operationId, recording } = entry;
  const { request } = recording;
  const operation = spec.operations.get(operationId);
  if (!operation) return [];
  const pathFile = specFile(operation.pointer);
  const pathValues = request.method === operation.method ? matchPath(operation.path, request.path) : undefined;
  if (pathValues === undefined) {
    return [
      `${name}: request: ${request.method} ${request.path} is not ${operationId} (${operation.method} ${operation.path} in ${pathFile}); move the file to the folder of the operation it calls, or fix request.path`,
    ];
  }
  const problems: string[] = [];
  const served = findOperation(spec, request.method, request.path)?.operation;
  if (served && served.operationId !== operationId) {
    problems.push(
      `${name}: request.path ${request.path} is served by ${served.operationId} (${served.path}: a concrete path is matched before a template), not ${operationId}; move the file to ${recordingName(`${served.operationId}/`)}`,
    );
  }
  const sent = (parameter: SpecParameter): { where: string; values: string[] } => {
    if (parameter.in === 'path') {
      const value = pathValues[parameter.name];
      return { where: 'request.path', values: value === undefined ? [] : [value] };
    }
    if (parameter.in === 'header') {
      const value = request.headers[parameter.name.toLowerCase()];
      return { where: 'request.headers', values: value === undefined ? [] : [value] };
    }
    return {
      where: 'request.query',
      values: request.query.filter(([key]) => key === parameter.name).map(([, v]) => v),
    };
  };
  for (const parameter of operation.parameters) {
    const { where, values } = sent(parameter);
    if (values.length === 0 && parameter.required && parameter.in !== 'path') {
      problems.push(`${name}: ${where}: lacks ${parameter.name}, which ${operationId} requires`);
    }
    for (const value of values) {
      for (const problem of spec.validate(parameter.itemSchema, typed(parameter, value))) {
        problems.push(
          `${name}: ${where} ${parameter.name}=${JSON.stringify(value)}: ${problem.message} (${specFile(problem.schemaPath)})`,
        );
      }
    }
  }
  return problems;
}

/** Problems of the body against the schema at `schema`, undeclared fields named with the file to add them to. */
function bodyProblems(spec: Spec, schema: string, body: Json, name: string): string[] {
  const lines = new Set<string>();
  for (const problem of spec.validate(schema, body)) {
    const cut = problem.schemaPath.lastIndexOf('/');
    const keyword = problem.schemaPath.slice(cut + 1);
    const schemaAt = bundlePointer(problem.schemaPath.slice(0, cut));
    const value = valueAt(body, problem.instancePath);
    if ((keyword === 'additionalProperties' || keyword === 'unevaluatedProperties') && isObject(value)) {
      // The spec leaves objects open and the check closes them (`closeSchemas`), so these keywords
      // mean one thing: the recording has a field the spec does not describe.
      const declared = declaredProperties(spec.document, schemaAt);
      const composed = composedSchemas(spec.document, schemaAt).map(specFile);
      const also = composed.length > 0 ? ` or the schemas it composes (${composed.join(', ')})` : '';
      const extra = Object.keys(value).filter((key) => !declared.has(key));
      for (const key of extra)
        lines.add(`${name}: ${bodyPath(body, problem.instancePath, key)}: not in ${specFile(schemaAt)}${also}`);
      if (extra.length > 0) continue;
    }
    lines.add(`${name}: ${bodyPath(body, problem.instancePath)}: ${problem.message} (${specFile(problem.schemaPath)})`);
  }
  return [...lines];
}

/**
 * The drift between one recording and the spec, one line per problem, each naming the recording,
 * the place in it (`result.meta.newField`, `response.status`) and the file under `openapi/` to
 * edit: `recordings/x/y.json: result.meta.newField: not in openapi/components/schemas/ResultMeta.yaml`.
 * Empty when the recording conforms. The recorder prints it for a fresh capture before writing it.
 */
export function driftReport(entry: RecordingEntry, spec: Spec): string[] {
  const { file, operationId, recording } = entry;
  const { response } = recording;
  const name = recordingName(file);
  const operation = spec.operations.get(operationId);
  if (!operation) {
    const known = [...spec.operations.keys()].join(', ');
    return [`${name}: the spec has no operation ${operationId} (the folder name); it has ${known}`];
  }
  const problems = requestProblems(spec, entry, name);
  const status = declaredStatus(operation, response.status);
  if (status === undefined) {
    const declared = [...operation.responses.keys()].join(', ');
    return [
      ...problems,
      `${name}: response.status ${response.status}: not declared for ${operationId} (declared: ${declared}); add it to the responses in ${specFile(operation.pointer)}`,
    ];
  }
  const responseFile = specFile(operation.responsePointers.get(status) ?? operation.pointer);
  const type = mediaType(response.headers['content-type']);
  // A documented example shows only what the reference page shows, which is no headers. Cloudflare's
  // edge writes its HTML error page before the request reaches the API, so the page carries none of
  // the API's headers. Every other recording is a live response or modelled on one, and carries
  // every header the spec declares, required or not.
  const apiAnswer = recording.meta.source !== 'reference-docs' && type !== 'text/html';
  for (const header of operation.responseHeaders.get(status) ?? []) {
    if ((header.required || apiAnswer) && !(header.name in response.headers)) {
      problems.push(
        `${name}: response.headers.${header.name}: missing, but ${responseFile} declares it for ${status}${header.required ? ' as required' : ''}`,
      );
    }
  }
  const media = operation.responses.get(status) ?? new Map<string, string>();
  const schema = media.get(type);
  if (schema === undefined) {
    const declared = [...media.keys()].join(', ') || 'none';
    problems.push(
      `${name}: response.headers.content-type "${type}": not declared for ${operationId} ${status} in ${responseFile} (declared: ${declared})`,
    );
    return problems;
  }
  const json = type === 'application/json' || type.endsWith('+json');
  if (json && typeof response.body === 'string') {
    problems.push(`${name}: response.body: is text, but ${type} needs a JSON body`);
    return problems;
  }
  return [...problems, ...bodyProblems(spec, schema, response.body, name)];
}

/** `driftReport` with the spec first, as the suites call it. */
export function checkConformance(spec: Spec, entry: RecordingEntry): string[] {
  return driftReport(entry, spec);
}
