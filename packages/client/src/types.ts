// Every public parameter and result type is mapped from the generated `operations` (openapi-typescript)
// and the generated facts: nothing here names a parameter, a field or an operation.
import type { DefaultSeries, OperationId, OperationTree } from './generated/operations.js';
import type { operations } from './generated/schema.js';

type SpecQuery<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;

/** Readonly arrays, so that `as const` tuples and inferred literal tuples fit. */
type Loosen<T> = T extends readonly (infer Item)[] ? readonly Item[] : T;

/** The query of an operation, as the spec gives it. */
export type RadarQuery<Op extends OperationId> = {
  [K in keyof SpecQuery<Op>]?: Loosen<NonNullable<SpecQuery<Op>[K]>> | undefined;
};

type JsonBody<Op extends OperationId> = operations[Op]['responses'][200]['content']['application/json'];
type SpecResult<Op extends OperationId> = JsonBody<Op> extends { result: infer Result } ? Result : never;

/** The `meta` of an operation's result. */
export type RadarMeta<Op extends OperationId> = SpecResult<Op> extends { meta: infer Meta } ? Meta : never;

/** One series of an operation's result (the result schema's `additionalProperties`). */
export type RadarSeries<Op extends OperationId> = Exclude<
  SpecResult<Op> extends { [key: string]: infer Entry } ? Entry : never,
  RadarMeta<Op> // openapi-typescript writes `{ meta } & { [key: string]: Series }`; the index yields both.
>;

/** The series key when no `name` is given: `summary_0` or `serie_0`, from the spec's documented example. */
export type DefaultSeriesKey<Op extends OperationId> = DefaultSeries[Op];

/** The series keys a query asks for: its literal `name`s, or the default key. */
export type SeriesKeys<Op extends OperationId, Query> = Query extends { name: readonly (infer Name extends string)[] }
  ? Name
  : DefaultSeriesKey<Op>;

/** The unwrapped `result`: `meta` plus one entry per requested series. */
export type RadarResult<Op extends OperationId, Keys extends string = DefaultSeriesKey<Op>> = {
  meta: RadarMeta<Op>;
} & { [Key in Exclude<Keys, 'meta'>]: RadarSeries<Op> };

/** Options of one call; each overrides the client's option of the same name. */
export interface RequestOptions {
  /** Cancels the call at once, also while it waits to retry. */
  signal?: AbortSignal;
  /** Milliseconds to wait for each attempt before giving up with `RadarTimeoutError`. */
  timeout?: number;
  /** Retries after a 408, 409, 429, 5xx or a connection error. */
  maxRetries?: number;
  /** Extra request headers for this call. */
  headers?: Record<string, string>;
}

/** Names that are not parameters of the operation: each becomes `never`, so a typo is a compile error. */
type NoUnknownKeys<Op extends OperationId, Query> = { [K in Exclude<keyof Query, keyof RadarQuery<Op>>]: never };

/** One method of the tree: the CSV overload resolves to the text, the JSON one to the typed `result`. */
export interface RadarMethod<Op extends OperationId> {
  <const Query extends RadarQuery<Op> & { format: 'CSV' }>(
    query: Query & NoUnknownKeys<Op, Query>,
    options?: RequestOptions,
  ): Promise<string>;
  <const Query extends RadarQuery<Op> & { format?: 'JSON' } = Record<never, never>>(
    query?: Query & NoUnknownKeys<Op, Query>,
    options?: RequestOptions,
  ): Promise<RadarResult<Op, SeriesKeys<Op, Query>>>;
  /** A `format` only known at run time: either the text or the result, for the caller to tell apart. */
  <const Query extends RadarQuery<Op>>(
    query: Query & NoUnknownKeys<Op, Query>,
    options?: RequestOptions,
  ): Promise<string | RadarResult<Op, SeriesKeys<Op, Query>>>;
}

/** The client's methods, one per operation, laid out like the URL tree (`radar.tcpResetsTimeouts.summary`). */
export type RadarMethods = OperationTree<{ [Op in OperationId]: RadarMethod<Op> }>;
