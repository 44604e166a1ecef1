export { createRadarClient, type RadarClient, type RadarClientOptions, type RadarFetch } from './client.js';
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
  RadarTimeoutError,
  RadarValidationError,
  RateLimitError,
  UnprocessableEntityError,
} from './errors.js';
export { operationFacts } from './facts.js';
export type { OperationId } from './generated/operations.js';
export type { components, operations, paths } from './generated/schema.js';
export { type Numbers, toNumbers } from './numbers.js';
export type {
  DefaultSeriesKey,
  RadarMeta,
  RadarMethod,
  RadarMethods,
  RadarQuery,
  RadarResult,
  RadarSeries,
  RequestOptions,
  SeriesKeys,
} from './types.js';
