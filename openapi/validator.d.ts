export interface SchemaProblem {
  /** JSON pointer into the validated value (`/result/summary_0/no_match`). */
  instancePath: string;
  /** Where the failing keyword is in the spec (`#/components/schemas/…/required`). */
  schemaPath: string;
  /** What was expected. */
  message: string;
}

/** Resolves a local JSON pointer (`#/components/schemas/Unit`) inside a document. */
export function resolvePointer(doc: unknown, pointer: string): unknown;

/** Escapes one key for use in a JSON pointer (RFC 6901). */
export function escapePointer(key: string): string;

/** Builds a validator for a bundled OpenAPI 3.1 document (Ajv, JSON Schema 2020-12, with formats). */
export function createSpecValidator(spec: { components?: { schemas?: Record<string, unknown> } }): {
  /** Validates `value` against the schema at `pointer`; returns no problems when it is valid. */
  validate(pointer: string, value: unknown): SchemaProblem[];
};
