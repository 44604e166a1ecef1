// The shape of the generated facts as the run time reads them: wider than the literal types in
// generated/operations.ts, so that code can ask any parameter for its `enum` or `pattern`.

/** The rules for one parameter, from its schema in the spec; fields at their default are left out. */
export interface ParameterFact {
  readonly name: string;
  /** Where it goes; `query` when left out. */
  readonly in?: 'path' | 'header';
  readonly array?: boolean;
  /** An array sent as one comma-separated value rather than one pair per item. */
  readonly comma?: boolean;
  readonly type: string;
  readonly required?: boolean;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly pattern?: string;
  /** Kept where there is a pattern, so that an error can say in words what is allowed. */
  readonly description?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Every item is a relative range (`7d`, `2w`, `7dcontrol`), and all must cover the same number of days. */
  readonly sameDuration?: boolean;
}

/** What the client knows about one operation at run time. */
export interface OperationFact {
  readonly method: string;
  /** The spec's path template: `/radar/email/security/summary/{dimension}`. */
  readonly path: string;
  /** Path parameters first, in path order (the method's leading arguments), then the others. */
  readonly parameters: readonly ParameterFact[];
  /** For a deprecated operation, its one-time warning, which names what to call instead. */
  readonly deprecated?: string;
  /** The query value that asks for a text answer, and its media type: `['format', 'CSV', 'text/csv']`. */
  readonly text?: readonly [name: string, value: string, mediaType: string];
}
