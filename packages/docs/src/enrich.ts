// Turns the bundled spec into the one the docs render: a TypeScript and a curl sample on every
// operation (generated from the spec, or the TypeScript one from `samples/<operationId>.ts`), the
// getting-started guide after the spec's own introduction, each deprecated operation's replacement
// at the top of its description (the method to call, and the endpoint), and each operation's
// `externalDocs` link at the end of it, and result schemas' series keys named and explained. Returns problems instead of throwing, so that the build can
// list all of them at once.
import { curlSample } from './curl.ts';
import { accessor, literal, queryPairs, sampleRequest, typescriptSample } from './samples.ts';
import { type OpenApiDocument, type Operation, type OperationRef, operationsOf, resolveParameter } from './spec.ts';

export interface DocsInputs {
  /** Hand-written TypeScript samples by operationId (`samples/<operationId>.ts`); they replace the generated one. */
  samples: ReadonlyMap<string, string>;
  /** The guide's markdown, appended to `info.description`. */
  guide: string;
}

export interface Enriched {
  spec: OpenApiDocument;
  problems: string[];
}

/**
 * The call that replaces a deprecated operation, `client.radar.email.security.summaryV2('TLS_VERSION', query)`:
 * the replacement's method with the fixed path values from `x-replaced-by.parameters` in its path order.
 */
function replacementCall(spec: OpenApiDocument, ref: OperationRef): { call?: string; problems: string[] } {
  const replacement = ref.operation['x-replaced-by'];
  if (replacement?.operationId === undefined) return { problems: [] };
  const where = `${ref.operation.operationId}: x-replaced-by.operationId "${replacement.operationId}"`;
  const target = operationsOf(spec).find(({ operation }) => operation.operationId === replacement.operationId);
  if (target === undefined) return { problems: [`${where} names no operation of the spec`] };
  const method = target.operation['x-client-method'];
  if (method === undefined) return { problems: [`${where}: that operation has no x-client-method`] };
  const fixed = replacement.parameters ?? {};
  const names = [...target.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
  const missing = names.filter((name) => !(name in fixed));
  if (missing.length > 0) {
    return { problems: [`${where}: x-replaced-by.parameters gives no value for {${missing.join('}, {')}}`] };
  }
  const takesQuery = (target.operation.parameters ?? []).some((entry) => resolveParameter(spec, entry)?.in !== 'path');
  const args = [...names.map((name) => literal(fixed[name])), ...(takesQuery ? ['query'] : [])];
  return { call: `${accessor('client', method.split('.'))}(${args.join(', ')})`, problems: [] };
}

/** The one deprecation note: what to call instead, then the endpoint and Cloudflare's page for it. */
function replacementNote(operation: Operation, call: string | undefined): string | undefined {
  const replacement = operation['x-replaced-by'];
  if (operation.deprecated !== true || replacement === undefined) return undefined;
  const endpoint = `[${replacement.description}](${replacement.url}) (\`GET ${replacement.path}\`)`;
  return call === undefined
    ? `> **Deprecated:** use ${endpoint} instead.`
    : `> **Deprecated:** call \`${call}\` instead, ${endpoint}.`;
}

/**
 * The description without its own "**Deprecated.** …" paragraph: the note above says the same and
 * names the method, and a reader should meet the deprecation once.
 */
function withoutDeprecationParagraph(description: string): string {
  return description
    .split(/\n{2,}/)
    .filter((paragraph) => !/^\*\*Deprecated\.?\*\*/.test(paragraph.trim()))
    .join('\n\n');
}

/** Where the spec's introduction explains series, as the route Redoc gives its heading. */
function seriesSection(description: string | undefined): string | undefined {
  const heading = description?.match(/^#{1,3} +(.*\bseries\b.*)$/im)?.[1]?.trim();
  return heading === undefined
    ? undefined
    : `#/section/${heading
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}`;
}

/**
 * Result schemas are `meta` plus one entry per series under any name (`additionalProperties`),
 * which Redoc would list as a bare "property name*". Each such schema gets the name "series name"
 * and a note on what the keys are.
 */
function nameSeries(spec: OpenApiDocument): void {
  const section = seriesSection(spec.info.description);
  const note = `One entry per series, keyed by the series' name: the \`name\` given for it in the query, or the default name when none is given${section === undefined ? '' : ` ([more](${section}))`}.`;
  for (const schema of Object.values(spec.components?.schemas ?? {})) {
    if (typeof schema !== 'object' || schema === null) continue;
    const object = schema as {
      properties?: Record<string, unknown>;
      additionalProperties?: unknown;
      [key: string]: unknown;
    };
    const entries = object.additionalProperties;
    if (object.properties?.meta === undefined || typeof entries !== 'object' || entries === null) continue;
    object['x-additionalPropertiesName'] ??= 'series name';
    const described = entries as { description?: string };
    described.description ??= note;
  }
}

export function enrichSpec(bundle: OpenApiDocument, { samples, guide }: DocsInputs): Enriched {
  const spec = structuredClone(bundle);
  const serverUrl = spec.servers?.[0]?.url;
  const problems: string[] =
    serverUrl === undefined ? ['openapi.json: no servers[0].url to build curl samples from'] : [];
  const operationIds = new Set<string>();

  for (const ref of operationsOf(spec)) {
    const { operation, method } = ref;
    const id = operation.operationId;
    if (id === undefined) {
      problems.push(`${ref.pointer}: no operationId, so no sample can be named after it`);
      continue;
    }
    operationIds.add(id);
    const request = sampleRequest(spec, ref);
    problems.push(...request.problems.map((problem) => `openapi: ${problem}`));
    const written = samples.get(id);
    const { method: clientMethod } = request;
    if (written === undefined && clientMethod === undefined) {
      problems.push(
        `openapi: ${id} has no x-client-method, so no TypeScript sample can be generated; add x-client-method to the operation, or write samples/${id}.ts`,
      );
    }
    const typescript =
      written !== undefined
        ? `${written.trimEnd()}\n`
        : clientMethod === undefined
          ? undefined
          : typescriptSample({ ...request, method: clientMethod });
    operation['x-codeSamples'] = [
      ...(typescript === undefined ? [] : [{ lang: 'TypeScript', label: 'TypeScript', source: typescript }]),
      ...(serverUrl === undefined
        ? []
        : [
            {
              lang: 'Shell',
              label: 'curl',
              source: curlSample({
                serverUrl,
                method,
                path: request.filledPath,
                query: queryPairs(request.query),
                headers: queryPairs(request.headers),
              }),
            },
          ]),
    ];

    const replacement = replacementCall(spec, ref);
    problems.push(...replacement.problems.map((problem) => `openapi: ${problem}`));
    const note = replacementNote(operation, replacement.call);
    const body = note === undefined ? operation.description : withoutDeprecationParagraph(operation.description ?? '');
    const docs = operation.externalDocs;
    operation.description = [
      note,
      body?.trim(),
      docs === undefined ? undefined : `[${docs.description ?? docs.url}](${docs.url})`,
    ]
      .filter((part) => part !== undefined && part !== '')
      .join('\n\n');
  }

  for (const id of samples.keys()) {
    if (!operationIds.has(id))
      problems.push(`samples/${id}.ts: no operation has operationId "${id}"; rename or delete it`);
  }

  nameSeries(spec);
  spec.info.description = [spec.info.description?.trimEnd(), guide.trim()].filter(Boolean).join('\n\n');
  return { spec, problems };
}
