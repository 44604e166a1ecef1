// Turns the bundled spec into the one the docs render: code samples on every operation, the
// getting-started guide after the spec's own introduction, and each deprecated operation's
// replacement at the top of its description. Returns problems instead of throwing, so that the
// build can list all of them at once.
import { createSpecValidator } from '@cf-radar/openapi/validator';
import { type CurlRequest, curlSample } from './curl.ts';
import { findParameter, type OpenApiDocument, type OperationRef, operationsOf } from './spec.ts';

export interface DocsInputs {
  /** TypeScript sample source by operationId (`samples/<operationId>.ts`). */
  samples: ReadonlyMap<string, string>;
  /** Query of each operation's curl sample, by operationId. */
  queries: Readonly<Record<string, CurlRequest['query']>>;
  /** The guide's markdown, appended to `info.description`. */
  guide: string;
}

export interface Enriched {
  spec: OpenApiDocument;
  problems: string[];
}

function replacementNote(operation: OperationRef['operation']): string | undefined {
  const replacement = operation['x-replaced-by'];
  if (operation.deprecated !== true || replacement === undefined) return undefined;
  return `> **Deprecated: use [${replacement.description}](${replacement.url}) instead** (\`GET ${replacement.path}\`).`;
}

/** Problems with one operation's curl query: unknown names, or values the parameter's schema rejects. */
function queryProblems(
  spec: OpenApiDocument,
  ref: OperationRef,
  query: CurlRequest['query'],
  validate: (pointer: string, value: unknown) => { instancePath: string; message: string }[],
): string[] {
  const values = new Map<string, string[]>();
  for (const [name, value] of query) values.set(name, [...(values.get(name) ?? []), value]);
  return [...values].flatMap(([name, given]) => {
    const where = `src/queries.ts: ${ref.operation.operationId} ${name}`;
    const found = findParameter(spec, ref, name);
    if (found === undefined) return [`${where}: no such parameter on ${ref.method.toUpperCase()} ${ref.path}`];
    const schema = found.parameter.schema;
    const isArray = typeof schema === 'object' && schema !== null && 'type' in schema && schema.type === 'array';
    if (!isArray && given.length > 1)
      return [`${where}: given ${given.length} times, but ${found.pointer} is not an array`];
    return validate(`${found.pointer}/schema`, isArray ? given : given[0]).map(
      (problem) =>
        `${where}: ${JSON.stringify(given)} at ${problem.instancePath} ${problem.message} (${found.pointer})`,
    );
  });
}

export function enrichSpec(bundle: OpenApiDocument, { samples, queries, guide }: DocsInputs): Enriched {
  const spec = structuredClone(bundle);
  const { validate } = createSpecValidator(spec);
  const serverUrl = spec.servers?.[0]?.url;
  const problems: string[] =
    serverUrl === undefined ? ['openapi.json: no servers[0].url to build curl samples from'] : [];
  const operationIds = new Set<string>();

  for (const ref of operationsOf(spec)) {
    const { operation, method, path } = ref;
    const id = operation.operationId;
    if (id === undefined) {
      problems.push(`${ref.pointer}: no operationId, so no sample file can be named after it`);
      continue;
    }
    operationIds.add(id);
    const source = samples.get(id);
    if (source === undefined) {
      problems.push(`samples/${id}.ts: missing; write a TypeScript sample of ${method.toUpperCase()} ${path}`);
    }
    const query = queries[id] ?? [];
    problems.push(...queryProblems(spec, ref, query, validate));
    operation['x-codeSamples'] = [
      ...(source === undefined ? [] : [{ lang: 'TypeScript', label: 'TypeScript', source: `${source.trimEnd()}\n` }]),
      ...(serverUrl === undefined
        ? []
        : [{ lang: 'Shell', label: 'curl', source: curlSample({ serverUrl, method, path, query }) }]),
    ];
    const note = replacementNote(operation);
    if (note !== undefined) operation.description = `${note}\n\n${operation.description ?? ''}`;
  }

  for (const id of samples.keys()) {
    if (!operationIds.has(id))
      problems.push(`samples/${id}.ts: no operation has operationId "${id}"; rename or delete it`);
  }
  for (const id of Object.keys(queries)) {
    if (!operationIds.has(id)) problems.push(`src/queries.ts: no operation has operationId "${id}"`);
  }

  spec.info.description = [spec.info.description?.trimEnd(), guide.trim()].filter(Boolean).join('\n\n');
  return { spec, problems };
}
