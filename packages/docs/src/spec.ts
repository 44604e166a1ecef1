// The parts of an OpenAPI 3.1 document the docs build reads and extends. The bundle is our own build
// output (`@cf-radar/openapi`), so these types describe it rather than validate it.
import { escapePointer } from '@cf-radar/openapi/validator';

/** One entry of Redoc's `x-codeSamples` extension. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** `x-replaced-by` on a deprecated operation: what to call instead. */
export interface Replacement {
  description: string;
  path: string;
  url: string;
  /** The replacing operation, when the spec names it. */
  operationId?: string;
  /** Fixed values of the replacement's path parameters (`{ dimension: 'TLS_VERSION' }`). */
  parameters?: Record<string, unknown>;
}

export interface Parameter {
  $ref?: string;
  name?: string;
  in?: string;
  required?: boolean;
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  tags?: string[];
  parameters?: Parameter[];
  externalDocs?: { description?: string; url: string };
  /** The method's dotted place in the client's tree (`radar.dns.timeseriesGroupsV2`). */
  'x-client-method'?: string;
  'x-replaced-by'?: Replacement;
  'x-codeSamples'?: CodeSample[];
  [key: string]: unknown;
}

export interface OpenApiDocument {
  info: { title: string; description?: string; [key: string]: unknown };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: { parameters?: Record<string, Parameter>; schemas?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface OperationRef {
  /** JSON pointer to the operation (`#/paths/~1radar~1.../get`). */
  pointer: string;
  method: string;
  path: string;
  operation: Operation;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function isOperation(value: unknown): value is Operation {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every operation of the document, in document order. */
export function operationsOf(spec: OpenApiDocument): OperationRef[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, operation]) =>
      METHODS.has(method) && isOperation(operation)
        ? [{ pointer: `#/paths/${escapePointer(path)}/${method}`, method, path, operation }]
        : [],
    ),
  );
}

/** A parameter entry itself, or the `components.parameters` entry its local `$ref` names. */
export function resolveParameter(spec: OpenApiDocument, entry: Parameter): Parameter | undefined {
  const prefix = '#/components/parameters/';
  return entry.$ref?.startsWith(prefix) ? spec.components?.parameters?.[entry.$ref.slice(prefix.length)] : entry;
}

/** The operation's parameter with this name, following a local `$ref` into `components.parameters`. */
export function findParameter(
  spec: OpenApiDocument,
  { pointer, operation }: OperationRef,
  name: string,
): { pointer: string; parameter: Parameter } | undefined {
  for (const [index, entry] of (operation.parameters ?? []).entries()) {
    const parameter = resolveParameter(spec, entry);
    if (parameter?.name === name) {
      return { pointer: entry.$ref ?? `${pointer}/parameters/${index}`, parameter };
    }
  }
  return undefined;
}
