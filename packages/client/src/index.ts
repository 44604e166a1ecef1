export type { RadarCredentials, RadarEnvironment } from './auth.js';
export { createRadarClient, type RadarClient } from './client.js';
export {
  createRadarCore,
  type RadarClientOptions,
  type RadarCore,
  type RadarFetch,
  type RequestOptions,
} from './core.js';
export {
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RadarApiError,
  type RadarApiErrorKind,
  RadarConnectionError,
  RadarError,
  type RadarErrorItem,
  RadarResponseTooLargeError,
  RadarTimeoutError,
  RadarValidationError,
  RateLimitError,
  UnprocessableEntityError,
} from './errors.js';
export type { OperationFact, ParameterFact } from './facts.js';
// One function per operation, named by its operationId: `getTcpResetsTimeoutsSummary(core, query)`.
export * from './generated/functions.js';
export { type OperationId, operationFacts } from './generated/operations.js';
export type { components, operations, paths } from './generated/schema.js';
export { type Numbers, toNumbers } from './numbers.js';
export type {
  DefaultSeriesKey,
  PathArguments,
  RadarFunction,
  RadarMeta,
  RadarMethod,
  RadarMethods,
  RadarQuery,
  RadarResult,
  RadarSeries,
  SeriesKeys,
} from './types.js';
