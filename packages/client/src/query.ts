import { RadarValidationError } from './errors.js';
import type { OperationFact } from './facts.js';
import { problemOf, show } from './validate.js';

/**
 * Checks a query against the operation's parameters as the spec gives them, before any request, and
 * serializes it, in one pass. The checks: unknown names, types, enum values, patterns, formats and
 * lengths, and that per-series arrays line up; one `RadarValidationError` names every problem, in
 * spec order, unknown names last. The serialization is the spec's (`style: form`, `explode: true`):
 * one `key=value` pair per array item, in the spec's parameter order so that equal queries give
 * equal URLs. Every value is percent-encoded as a whole, so a comma inside one value (`-US,PT`) goes
 * out as `%2C` and stays one value; booleans go out as `true` / `false`.
 */
export function serializeQuery(fact: OperationFact, query: unknown): string {
  if (query === undefined) return '';
  const where = `${fact.method} ${fact.path}`;
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new RadarValidationError(`${where}: the query must be an object of parameters, found ${show(query)}`);
  }
  const given = query as Readonly<Record<string, unknown>>;
  const problems: string[] = [];
  const lengths: string[] = [];
  const distinct = new Set<number>();
  let search = '';
  for (const parameter of fact.parameters) {
    const { name, array } = parameter;
    const value = given[name];
    if (value === undefined) continue;
    if (array && !Array.isArray(value)) {
      problems.push(`${name}: ${show(value)} is not an array (one value per series)`);
      continue;
    }
    const items: unknown[] = array && Array.isArray(value) ? value : [value];
    items.forEach((item, index) => {
      const problem = problemOf(parameter, item);
      if (problem) problems.push(`${array ? `${name}[${index}]` : name}: ${show(item)} is ${problem}`);
      search += `${search ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`;
    });
    if (array) {
      lengths.push(`${name} (${items.length})`);
      distinct.add(items.length);
    }
  }
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && !fact.parameters.some((parameter) => parameter.name === name)) {
      problems.push(
        `unknown parameter ${JSON.stringify(name)}; allowed: ${fact.parameters.map((p) => p.name).join(', ')}`,
      );
    }
  }
  // One value per series: with several series, every per-series array must give each of them one.
  if (distinct.size > 1 && Math.max(...distinct) > 1) {
    problems.push(
      `per-series arrays must have the same length when more than one series is asked for: ${lengths.join(', ')}`,
    );
  }
  if (problems.length > 0) throw new RadarValidationError(`${where}: ${problems.join('; ')}`);
  return search;
}
