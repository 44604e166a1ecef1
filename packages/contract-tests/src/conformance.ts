// Checks one recording against the spec: its status and content type are declared for its
// operation, the headers the spec declares are there, and its body validates against the schema.
import type { RecordingFile } from './recording.js';
import { declaredStatus, mediaType, type Spec } from './spec.js';

export interface Conformance {
  /** Each problem on one line, naming the file, the JSON pointer in the body and the schema path. */
  problems: string[];
  /** Things worth saying that are not failures. */
  notes: string[];
}

/**
 * An HTML 5xx page comes from Cloudflare's edge (a gateway error) before the request reaches the
 * API, so the API's spec does not describe it; every client still meets it. It is accepted when the
 * spec declares no `text/html` for that status, and checked to be HTML.
 */
function isGatewayPage(status: number, type: string, body: unknown): boolean {
  return status >= 500 && type === 'text/html' && typeof body === 'string' && /<html[\s>]/i.test(body);
}

export function checkConformance(spec: Spec, entry: RecordingFile): Conformance {
  const { file, operationId, recording } = entry;
  const { request, response } = recording;
  const problems: string[] = [];
  const notes: string[] = [];
  const operation = spec.operations.get(operationId);
  if (!operation) {
    const known = [...spec.operations.keys()].join(', ');
    return { problems: [`${file}: the spec has no operation ${operationId}; it has ${known}`], notes };
  }
  if (request.method !== operation.method || request.path !== operation.path) {
    problems.push(
      `${file}: /request is ${request.method} ${request.path}, expected ${operation.method} ${operation.path} (${operationId})`,
    );
  }
  const status = declaredStatus(operation, response.status);
  if (status === undefined) {
    const declared = [...operation.responses.keys()].join(', ');
    return {
      problems: [
        ...problems,
        `${file}: status ${response.status} is not declared for ${operationId} (declared: ${declared})`,
      ],
      notes,
    };
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
    if (isGatewayPage(response.status, type, response.body)) {
      notes.push(`${file}: ${response.status} text/html gateway page, not described by the spec (checked to be HTML)`);
    } else {
      const declared = [...media.keys()].join(', ') || 'none';
      problems.push(
        `${file}: content type "${type}" is not declared for ${operationId} ${status} (declared: ${declared})`,
      );
    }
    return { problems, notes };
  }
  const json = type === 'application/json' || type.endsWith('+json');
  if (json && typeof response.body === 'string') {
    problems.push(`${file}: /response/body is text, but ${type} needs a JSON body`);
    return { problems, notes };
  }
  for (const problem of spec.validate(schema, response.body)) {
    const at = problem.instancePath === '/' ? '' : problem.instancePath;
    problems.push(`${file}: /response/body${at} ${problem.message} (schema ${problem.schemaPath})`);
  }
  return { problems, notes };
}
