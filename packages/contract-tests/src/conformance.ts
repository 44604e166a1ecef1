// Checks one recording against the spec: its status and content type are declared for its
// operation, the headers the spec declares are there, and its body validates against the schema.
import type { RecordingFile } from './recording.js';
import { declaredStatus, mediaType, type Spec } from './spec.js';

/**
 * The problems of one recording, each on one line naming the file, the JSON pointer in the body and
 * the schema path; empty when it conforms. Every body, Cloudflare's HTML gateway page included (the
 * spec declares `text/html` on 5XX), must have a media type the spec declares for its status.
 */
export function checkConformance(spec: Spec, entry: RecordingFile): string[] {
  const { file, operationId, recording } = entry;
  const { request, response } = recording;
  const problems: string[] = [];
  const operation = spec.operations.get(operationId);
  if (!operation) {
    const known = [...spec.operations.keys()].join(', ');
    return [`${file}: the spec has no operation ${operationId}; it has ${known}`];
  }
  if (request.method !== operation.method || request.path !== operation.path) {
    problems.push(
      `${file}: /request is ${request.method} ${request.path}, expected ${operation.method} ${operation.path} (${operationId})`,
    );
  }
  const status = declaredStatus(operation, response.status);
  if (status === undefined) {
    const declared = [...operation.responses.keys()].join(', ');
    return [
      ...problems,
      `${file}: status ${response.status} is not declared for ${operationId} (declared: ${declared})`,
    ];
  }
  for (const header of operation.responseHeaders.get(status) ?? []) {
    if (!(header in response.headers)) {
      problems.push(`${file}: /response/headers lacks ${header}, which the spec declares for ${status}`);
    }
  }
  const type = mediaType(response.headers['content-type']);
  const media = operation.responses.get(status) ?? new Map<string, string>();
  const schema = media.get(type);
  if (schema === undefined) {
    const declared = [...media.keys()].join(', ') || 'none';
    problems.push(
      `${file}: content type "${type}" is not declared for ${operationId} ${status} (declared: ${declared})`,
    );
    return problems;
  }
  const json = type === 'application/json' || type.endsWith('+json');
  if (json && typeof response.body === 'string') {
    problems.push(`${file}: /response/body is text, but ${type} needs a JSON body`);
    return problems;
  }
  for (const problem of spec.validate(schema, response.body)) {
    const at = problem.instancePath === '/' ? '' : problem.instancePath;
    problems.push(`${file}: /response/body${at} ${problem.message} (schema ${problem.schemaPath})`);
  }
  return problems;
}
