import { RadarValidationError } from './errors.js';
import type { OperationFact, ParameterFact } from './facts.js';
import { problemOf, show } from './validate.js';

/** A request as the operation's arguments describe it, checked against the spec. */
export interface Prepared {
  /** The path with its parameters filled in, and the query string. */
  target: string;
  /** Header parameters, when the operation has any and the call gives them. */
  headers: Record<string, string> | undefined;
  /** The media type asked for: a text type when the query selects one. */
  accept: string;
  /** The argument after the query: the call's options. */
  options: unknown;
}

const JSON_TYPE = 'application/json';

/**
 * Checks the arguments of a call against the operation's parameters as the spec gives them, before
 * any request, and serializes them, in one pass. Path parameters are the leading arguments, in path
 * order; then comes one object of query and header parameters. The checks: missing required ones,
 * unknown names, types, enum values, patterns, formats, lengths and bounds, arrays without holes, and
 * that per-series arrays line up; one `RadarValidationError` names every problem, in spec order,
 * unknown names last. The serialization is the spec's: query arrays as one `key=value` pair per item
 * (`style: form`, `explode: true`) in spec order, so that equal queries give equal URLs; path and
 * header arrays comma-separated (`style: simple`). Every value is percent-encoded as a whole, so a
 * comma inside one query value (`-US,PT`) goes out as `%2C` and stays one value.
 */
export function prepare(fact: OperationFact, args: readonly unknown[]): Prepared {
  const where = `${fact.method} ${fact.path}`;
  const problems: string[] = [];
  const pathValues: Record<string, string> = {};
  let position = 0;
  for (const parameter of fact.parameters) {
    if (parameter.in !== 'path') break;
    const value = args[position++];
    const serialized = serialize(parameter, value, problems, parameter.name);
    if (serialized === undefined) continue;
    const segment = encodeURIComponent(serialized.join(','));
    // An empty segment, `.` or `..` would send the request to another path: URLs drop dot segments
    // (`%2E` too), so no encoding carries them.
    if (segment === '' || segment === '.' || segment === '..') {
      problems.push(
        `${parameter.name}: ${show(serialized.join(','))} cannot be a path segment; the request would go to another path`,
      );
    }
    pathValues[parameter.name] = segment;
  }
  const query = args[position];
  if (query !== undefined && (typeof query !== 'object' || query === null || Array.isArray(query))) {
    const before = position > 0 ? `after the ${position} path parameter${position > 1 ? 's' : ''}, ` : '';
    throw new RadarValidationError(
      `${where}: ${before}the query must be an object of parameters, found ${show(query)}`,
    );
  }
  const given = (query ?? {}) as Readonly<Record<string, unknown>>;
  let search = '';
  let headers: Record<string, string> | undefined;
  const lengths: [name: string, length: number, first: unknown][] = [];
  for (let index = position; index < fact.parameters.length; index++) {
    const parameter = fact.parameters[index] as ParameterFact;
    const { name } = parameter;
    const items = serialize(parameter, given[name], problems, name);
    if (items === undefined) continue;
    if (parameter.in === 'header') {
      headers ??= {};
      headers[name] = items.join(',');
    } else if (parameter.array && !parameter.comma) {
      for (const item of items)
        search += `${search ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(item)}`;
      lengths.push([name, items.length, items[0]]);
    } else {
      search += `${search ? '&' : '?'}${encodeURIComponent(name)}=${items.map(encodeURIComponent).join(',')}`;
    }
  }
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && !fact.parameters.some((p) => p.in !== 'path' && p.name === name)) {
      const allowed = fact.parameters.filter((p) => p.in !== 'path').map((p) => p.name);
      problems.push(`unknown parameter ${show(name)}; allowed: ${allowed.join(', ') || 'none'}`);
    }
  }
  // One value per series: array position defines the series, and a filter that is missing for one
  // series silently leaves it unfiltered (cloudflare/mcp-server-cloudflare#274), so every per-series
  // array gives each series its value once more than one series is asked for.
  const longest = Math.max(0, ...lengths.map(([, length]) => length));
  const short = lengths.find(([, length]) => length !== longest);
  if (longest > 1 && short) {
    const [name, , first] = short;
    const repeated = Array.from({ length: longest }, () => show(first)).join(', ');
    problems.push(
      `per-series arrays must have the same length when more than one series is asked for: ${lengths.map(([n, l]) => `${n} (${l})`).join(', ')}; give every series its value, repeating a shared one (${name}: [${repeated}])`,
    );
  }
  if (problems.length > 0) {
    // At most 1,000 characters, like every error message: the first problems are enough to act on.
    const message = `${where}: ${problems.join('; ')}`;
    throw new RadarValidationError(
      message.length > 1000 ? `${message.slice(0, 960)}… (${problems.length} problems in all)` : message,
    );
  }
  const path = fact.path.includes('{')
    ? fact.path.replace(/\{([^}]+)\}/g, (_, name: string) => pathValues[name] ?? '')
    : fact.path;
  const text = fact.text;
  const accept = text && given[text[0]] === text[1] ? text[2] : JSON_TYPE;
  return { target: `${path}${search}`, headers, accept, options: args[position + 1] };
}

/**
 * One parameter's value as the strings to send, or undefined when it is absent or wrong (the problem
 * is added to `problems`). Arrays must be dense: a hole would shift every later series by one.
 */
function serialize(parameter: ParameterFact, value: unknown, problems: string[], label: string): string[] | undefined {
  if (value === undefined) {
    if (parameter.required) {
      const allowed = parameter.enum ? `; allowed: ${parameter.enum.map(String).join(', ')}` : '';
      problems.push(`${label}: missing; it is required${allowed}`);
    }
    return undefined;
  }
  if (!parameter.array) {
    const problem = problemOf(parameter, value);
    if (problem) problems.push(`${label}: ${show(value)} is ${problem}`);
    return problem ? undefined : [String(value)];
  }
  if (!Array.isArray(value)) {
    problems.push(`${label}: ${show(value)} is not an array (one value per series)`);
    return undefined;
  }
  const before = problems.length;
  for (let index = 0; index < value.length; index++) {
    if (!(index in value)) {
      problems.push(`${label}[${index}]: missing (a hole in the array); give every series a value`);
      continue;
    }
    const problem = problemOf(parameter, value[index]);
    if (problem) problems.push(`${label}[${index}]: ${show(value[index])} is ${problem}`);
  }
  if (value.length < (parameter.minItems ?? 0)) problems.push(`${label}: fewer than ${parameter.minItems} items`);
  if (value.length > (parameter.maxItems ?? value.length))
    problems.push(`${label}: more than ${parameter.maxItems} items`);
  if (parameter.sameDuration && problems.length === before) {
    // Every series must cover the main series' duration (Cloudflare's SDK, `dateRange`): a week is 7 days.
    const days = value.map((item) => {
      const match = /^(\d+)([dw])/.exec(String(item));
      return match ? Number(match[1]) * (match[2] === 'w' ? 7 : 1) : Number.NaN;
    });
    const other = days.findIndex((d) => d !== days[0]);
    if (other > 0) {
      problems.push(
        `${label}: ${show(value[other])} covers ${days[other]} days but ${show(value[0])} covers ${days[0]}; every series must cover the same duration as the first`,
      );
    }
  }
  return problems.length > before ? undefined : value.map(String);
}
