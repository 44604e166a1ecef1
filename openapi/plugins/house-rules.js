// House lint rules that Redocly's configurable rules cannot express: they need a condition on one
// field of a node (`deprecated: true`) to decide what another field must say, or facts gathered from
// every operation of the document (which operationIds exist, which client methods are taken).
// https://redocly.com/docs/cli/custom-plugins/custom-rules

/** A dotted path of JavaScript identifiers: `radar.email.security.summaryV2`. */
const CLIENT_METHOD = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/**
 * What the rules need to know of one operation, with its parameters' `$ref`s resolved.
 * @typedef {{ path: string, location: any, pathParameters: Map<string, { enum: unknown[] | undefined }> }} OperationFacts
 */

/**
 * The operation's path parameters (path item and operation level), each with its enum if it has one.
 * @param {any} pathItem
 * @param {any} operation
 * @param {any} ctx
 */
function pathParametersOf(pathItem, operation, ctx) {
  /** @type {Map<string, { enum: unknown[] | undefined }>} */
  const out = new Map();
  for (const raw of [...(pathItem?.parameters ?? []), ...(operation.parameters ?? [])]) {
    const { node: parameter, location } = ctx.resolve(raw);
    if (parameter?.in !== 'path' || typeof parameter.name !== 'string') continue;
    const schema = parameter.schema?.$ref
      ? ctx.resolve(parameter.schema, location?.source?.absoluteRef).node
      : parameter.schema;
    out.set(parameter.name, { enum: Array.isArray(schema?.enum) ? schema.enum : undefined });
  }
  return out;
}

/**
 * A deprecated operation names its replacement in prose and in `x-replaced-by`: a description, the
 * path, and the operationId of an operation in this document, with a value for each of that
 * operation's path parameters (`parameters: { dimension: TLS_VERSION }`) that it allows.
 */
function deprecatedOperationNamesReplacement() {
  /** @type {Map<string, OperationFacts>} */
  const operations = new Map();
  /** @type {{ operationId: string, replacedBy: any, location: any }[]} */
  const deprecated = [];
  let path = '';
  return {
    PathItem: {
      enter(_pathItem, ctx) {
        // Under `paths`, a path item's key is its path.
        path = String(ctx.key);
      },
      Operation: {
        enter(operation, ctx, parents) {
          if (typeof operation.operationId === 'string') {
            operations.set(operation.operationId, {
              path,
              location: ctx.location,
              pathParameters: pathParametersOf(parents?.PathItem, operation, ctx),
            });
          }
          if (operation.deprecated !== true) return;
          const id = operation.operationId ?? '';
          if (!/Use .+ instead/.test(operation.description ?? '')) {
            ctx.report({
              message: `Deprecated operation ${id} must name its replacement in its description, as "Use <the replacement> instead".`,
              location: ctx.location.child('description'),
            });
          }
          const replacedBy = operation['x-replaced-by'];
          if (typeof replacedBy?.path !== 'string' || typeof replacedBy?.description !== 'string') {
            ctx.report({
              message: `Deprecated operation ${id} must say what replaces it in \`x-replaced-by\` ({ description, path, url, operationId, parameters }).`,
              location: ctx.location.child('deprecated'),
            });
            return;
          }
          deprecated.push({ operationId: id, replacedBy, location: ctx.location.child('x-replaced-by') });
        },
      },
    },
    Root: {
      leave(_root, ctx) {
        for (const { operationId, replacedBy, location } of deprecated) {
          const target = replacedBy.operationId;
          if (typeof target !== 'string') {
            ctx.report({
              message: `Deprecated operation ${operationId} must name the operationId of its replacement in \`x-replaced-by.operationId\`, so the client can say which method to call.`,
              location: location.child('operationId').key(),
            });
            continue;
          }
          const replacement = operations.get(target);
          if (replacement === undefined) {
            ctx.report({
              message: `\`x-replaced-by.operationId\` of ${operationId} is "${target}", which no operation in this document has; use the operationId of the replacing operation (one of ${[...operations.keys()].join(', ')}).`,
              location: location.child('operationId'),
            });
            continue;
          }
          if (replacement.path !== replacedBy.path) {
            ctx.report({
              message: `\`x-replaced-by.path\` of ${operationId} is "${replacedBy.path}", but ${target} is at "${replacement.path}"; make them the same.`,
              location: location.child('path'),
            });
          }
          const fixed = replacedBy.parameters ?? {};
          if (fixed === null || typeof fixed !== 'object' || Array.isArray(fixed)) {
            ctx.report({
              message: `\`x-replaced-by.parameters\` of ${operationId} must map each path parameter of ${target} to its value ({ name: value }).`,
              location: location.child('parameters'),
            });
            continue;
          }
          for (const [name, value] of Object.entries(fixed)) {
            const parameter = replacement.pathParameters.get(name);
            if (parameter === undefined) {
              const known = [...replacement.pathParameters.keys()];
              ctx.report({
                message: `\`x-replaced-by.parameters.${name}\` of ${operationId}: ${target} has no path parameter "${name}"${known.length > 0 ? `; its path parameters are ${known.join(', ')}` : ' (it has no path parameters); remove it'}.`,
                location: location.child(['parameters', name]).key(),
              });
            } else if (parameter.enum !== undefined && !parameter.enum.includes(value)) {
              ctx.report({
                message: `\`x-replaced-by.parameters.${name}\` of ${operationId} is ${JSON.stringify(value)}, which path parameter "${name}" of ${target} does not allow; use one of ${parameter.enum.join(', ')}.`,
                location: location.child(['parameters', name]),
              });
            }
          }
          for (const name of replacement.pathParameters.keys()) {
            if (!(name in fixed)) {
              ctx.report({
                message: `\`x-replaced-by.parameters\` of ${operationId} gives no value for path parameter "${name}" of ${target}; add \`${name}: <value>\` (the value that gives this operation's data).`,
                location: location.child('parameters').key(),
              });
            }
          }
        }
      },
    },
  };
}

/**
 * Every operation names its place in the client's method tree in `x-client-method`: dot-separated
 * JavaScript identifiers, named as Cloudflare's TypeScript SDK names the method
 * (`radar.email.security.summaryV2`). No two operations share one, and none is the namespace of
 * another (`radar.dns` beside `radar.dns.timeseriesGroupsV2`), so the tree can be built.
 */
function operationClientMethod() {
  /** @type {Map<string, { operationId: string, location: any }>} */
  const methods = new Map();
  return {
    Operation: {
      enter(operation, ctx) {
        const id = operation.operationId ?? '(no operationId)';
        const method = operation['x-client-method'];
        if (method === undefined) {
          ctx.report({
            message: `Operation ${id} must say where its method lives in the client's tree: add \`x-client-method: radar.<resource>.<method>\`, named as Cloudflare's TypeScript SDK names it (e.g. radar.email.security.summaryV2).`,
            location: ctx.location.child('operationId').key(),
          });
          return;
        }
        if (typeof method !== 'string' || !CLIENT_METHOD.test(method)) {
          ctx.report({
            message: `\`x-client-method\` of ${id} is ${JSON.stringify(method)}; it must be dot-separated JavaScript identifiers, such as radar.email.security.summaryV2 (no brackets, dashes, spaces or empty parts).`,
            location: ctx.location.child('x-client-method'),
          });
          return;
        }
        const taken = methods.get(method);
        if (taken !== undefined) {
          ctx.report({
            message: `\`x-client-method\` of ${id} is ${method}, which ${taken.operationId} already uses; give each operation its own method.`,
            location: ctx.location.child('x-client-method'),
          });
          return;
        }
        methods.set(method, { operationId: id, location: ctx.location.child('x-client-method') });
      },
    },
    Root: {
      leave(_root, ctx) {
        for (const [method, { operationId, location }] of methods) {
          for (const [other, { operationId: otherId }] of methods) {
            if (other.startsWith(`${method}.`)) {
              ctx.report({
                message: `\`x-client-method\` of ${operationId} is ${method}, which is also the namespace of ${otherId} (${other}); a name in the tree is either a method or a namespace, so rename one.`,
                location,
              });
            }
          }
        }
      },
    },
  };
}

export default function houseRules() {
  return {
    id: 'house',
    rules: {
      oas3: {
        'deprecated-operation-names-replacement': deprecatedOperationNamesReplacement,
        'operation-client-method': operationClientMethod,
      },
    },
  };
}
