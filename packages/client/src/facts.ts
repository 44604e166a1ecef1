// The shape of the generated facts as the runtime reads them: wider than the literal types in
// generated/operations.ts, so that code can ask any parameter for its `enum` or `pattern`.

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
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly location: readonly string[];
  readonly deprecated: boolean;
  readonly replacement: { readonly description: string; readonly path: string; readonly url: string } | null;
  readonly parameters: readonly ParameterFact[];
}
