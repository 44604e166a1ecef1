// House lint rules that Redocly's configurable rules cannot express: they need a condition on one
// field of a node (`deprecated: true`) to decide what another field must say.
// https://redocly.com/docs/cli/custom-plugins/custom-rules

/** A deprecated operation names its replacement in prose and in `x-replaced-by`. */
function deprecatedOperationNamesReplacement() {
  return {
    Operation: {
      enter(operation, ctx) {
        if (operation.deprecated !== true) return;
        if (!/Use .+ instead/.test(operation.description ?? '')) {
          ctx.report({
            message: `Deprecated operation ${operation.operationId ?? ''} must name its replacement in its description, as "Use <the replacement> instead".`,
            location: ctx.location.child('description'),
          });
        }
        const replacedBy = operation['x-replaced-by'];
        if (typeof replacedBy?.path !== 'string' || typeof replacedBy?.description !== 'string') {
          ctx.report({
            message: `Deprecated operation ${operation.operationId ?? ''} must say what replaces it in \`x-replaced-by\` ({ description, path }).`,
            location: ctx.location.child('deprecated'),
          });
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
      },
    },
  };
}
