// The shape of the generated facts as the run time reads them: wider than the literal types in
// generated/operations.ts, so that code can ask any parameter for its `enum` or `pattern`.
import { operationFacts as generated, type OperationId } from './generated/operations.js';

/** The rules for one query parameter, from its schema in the spec. */
export interface ParameterFact {
  readonly name: string;
  readonly array: boolean;
  readonly type: string;
  readonly enum?: readonly string[];
  readonly format?: string;
  readonly pattern?: string;
  readonly description?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** What the client knows about one operation. */
export interface OperationFact {
  readonly method: string;
  readonly path: string;
  /** Where the method lives in the tree: `['radar', 'tcpResetsTimeouts', 'summary']`. */
  readonly location: readonly string[];
  readonly deprecated?: boolean;
  /** What replaces a deprecated operation, from its `x-replaced-by` (the URL stays in the JSDoc). */
  readonly replacement?: { readonly description: string; readonly path: string };
  readonly parameters: readonly ParameterFact[];
}

/** Every operation of the spec by operationId, with the rules for its query, as the client checks them. */
export const operationFacts: Readonly<Record<OperationId, OperationFact>> = generated;
