import type { OperationFact } from './facts.js';

/**
 * Serializes a validated query the way the spec describes it (`style: form`, `explode: true`):
 * one `key=value` pair per array item, in the spec's parameter order so that equal queries give
 * equal URLs. Every value is percent-encoded as a whole, so a comma inside one value (`-US,PT`)
 * goes out as `%2C` and stays one value; booleans go out as `true` / `false`.
 */
export function serializeQuery(fact: OperationFact, query: Readonly<Record<string, unknown>> | undefined): string {
  if (query === undefined) return '';
  let search = '';
  for (const { name } of fact.parameters) {
    const value = query[name];
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      search += `${search ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`;
    }
  }
  return search;
}
