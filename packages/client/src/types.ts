// Every public parameter and result type is mapped from the generated `operations` (openapi-typescript)
// and the generated facts: nothing here names a parameter, a field or an operation.
import type { RadarCore, RequestOptions } from './core.js';
import type {
  DefaultSeries,
  OperationId,
  OperationTree,
  PathParameterNames,
  TextSelector,
} from './generated/operations.js';
import type { operations } from './generated/schema.js';

export type { RequestOptions } from './core.js';

type Parameters<Op extends OperationId> = operations[Op]['parameters'];
/** An absent parameter location (`query?: never`) adds nothing, rather than making everything `never`. */
type Present<T> = [NonNullable<T>] extends [never] ? unknown : NonNullable<T>;
type SpecQuery<Op extends OperationId> = Present<Parameters<Op>['query']> & Present<Parameters<Op>['header']>;
type SpecPath<Op extends OperationId> = Present<Parameters<Op>['path']>;

/** Readonly arrays, so that `as const` tuples and inferred literal tuples fit. */
type Loosen<T> = T extends readonly (infer Item)[] ? readonly Item[] : T;

/**
 * The query (and header) parameters of an operation, as the spec gives them: required ones
 * required, optional ones optional and open to `undefined` (so `exactOptionalPropertyTypes` code can
 * pass a maybe-value).
 */
export type RadarQuery<Op extends OperationId> = {
  [K in keyof SpecQuery<Op>]:
    | Loosen<NonNullable<SpecQuery<Op>[K]>>
    | (undefined extends SpecQuery<Op>[K] ? undefined : never);
};

/** The path parameters as leading positional arguments, in path order: `[dimension: 'SPF' | 'TLS_VERSION' | …]`. */
export type PathArguments<Op extends OperationId> = PathTuple<PathParameterNames[Op], SpecPath<Op>>;
type PathTuple<Names, Path> = Names extends readonly [infer First, ...infer Rest]
  ? [First extends keyof Path ? Path[First] : never, ...PathTuple<Rest, Path>]
  : [];

type JsonBody<Op extends OperationId> = operations[Op]['responses'] extends { 200: { content: infer Content } }
  ? Content extends { 'application/json': infer Body }
    ? Body
    : never
  : never;
type SpecResult<Op extends OperationId> = JsonBody<Op> extends { result: infer Result } ? Result : never;

/** The `meta` of an operation's result. */
export type RadarMeta<Op extends OperationId> = SpecResult<Op> extends { meta: infer Meta } ? Meta : never;

/** One series of an operation's result (the result schema's `additionalProperties`). */
export type RadarSeries<Op extends OperationId> = Exclude<
  SpecResult<Op> extends { [key: string]: infer Entry } ? Entry : never,
  RadarMeta<Op> // openapi-typescript writes `{ meta } & { [key: string]: Series }`; the index yields both.
>;

/** The series key when no `name` is given (`summary_0`, `serie_0`), from the spec's first example. */
export type DefaultSeriesKey<Op extends OperationId> = DefaultSeries[Op];

/** The series keys a query asks for: its literal `name`s, or the default key. */
export type SeriesKeys<Op extends OperationId, Query> = Query extends { name: readonly (infer Name extends string)[] }
  ? Name
  : DefaultSeriesKey<Op>;

/** The unwrapped `result`: `meta` plus one entry per requested series. */
export type RadarResult<Op extends OperationId, Keys extends string = DefaultSeriesKey<Op>> = {
  meta: RadarMeta<Op>;
} & { [Key in Exclude<Keys, 'meta'>]: RadarSeries<Op> };

/** The query value that selects a text answer (`{ format: 'CSV' }`), or `never` where there is none. */
type TextQuery<Op extends OperationId> = TextSelector[Op] extends { name: infer N extends string; value: infer V }
  ? { [K in N]: V }
  : never;
/** A query that does not select a text answer. */
type JsonQuery<Op extends OperationId> = TextSelector[Op] extends { name: infer N extends string; value: infer V }
  ? { [K in N & keyof RadarQuery<Op>]?: Exclude<RadarQuery<Op>[K], V> }
  : unknown;

/** Names that are not parameters of the operation: each becomes `never`, so a typo is a compile error. */
type NoUnknownKeys<Op extends OperationId, Query> = { [K in Exclude<keyof Query, keyof RadarQuery<Op>>]: never };

/** Whether the query may be left out: only when none of its parameters is required. */
type QueryArguments<Op extends OperationId, Query> =
  Record<never, never> extends RadarQuery<Op>
    ? [query?: Query & NoUnknownKeys<Op, Query>, options?: RequestOptions]
    : [query: Query & NoUnknownKeys<Op, Query>, options?: RequestOptions];

/**
 * One method of the tree: path parameters first, then the query, then options. The text overload
 * (`format: 'CSV'`) resolves to the text, the JSON one to the typed `result`.
 */
export interface RadarMethod<Op extends OperationId> {
  <const Query extends RadarQuery<Op> & TextQuery<Op>>(
    ...args: [...PathArguments<Op>, query: Query & NoUnknownKeys<Op, Query>, options?: RequestOptions]
  ): Promise<string>;
  <const Query extends RadarQuery<Op> & JsonQuery<Op> = RadarQuery<Op> & JsonQuery<Op>>(
    ...args: [...PathArguments<Op>, ...QueryArguments<Op, Query>]
  ): Promise<RadarResult<Op, SeriesKeys<Op, Query>>>;
  /** A `format` only known at run time: either the text or the result, for the caller to tell apart. */
  <const Query extends RadarQuery<Op>>(
    ...args: [...PathArguments<Op>, ...QueryArguments<Op, Query>]
  ): Promise<string | RadarResult<Op, SeriesKeys<Op, Query>>>;
}

/** One standalone operation function: the core first, then the method's own arguments. */
export interface RadarFunction<Op extends OperationId> {
  <const Query extends RadarQuery<Op> & TextQuery<Op>>(
    core: RadarCore,
    ...args: [...PathArguments<Op>, query: Query & NoUnknownKeys<Op, Query>, options?: RequestOptions]
  ): Promise<string>;
  <const Query extends RadarQuery<Op> & JsonQuery<Op> = RadarQuery<Op> & JsonQuery<Op>>(
    core: RadarCore,
    ...args: [...PathArguments<Op>, ...QueryArguments<Op, Query>]
  ): Promise<RadarResult<Op, SeriesKeys<Op, Query>>>;
  <const Query extends RadarQuery<Op>>(
    core: RadarCore,
    ...args: [...PathArguments<Op>, ...QueryArguments<Op, Query>]
  ): Promise<string | RadarResult<Op, SeriesKeys<Op, Query>>>;
}

/** The client's methods, one per operation, laid out as the spec's `x-client-method` says. */
export type RadarMethods = OperationTree<{ [Op in OperationId]: RadarMethod<Op> }>;
