import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { redocly } from './redocly.ts';

const specDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(specDir, '..');
const lintArgs = ['lint', '--config', '../redocly.yaml', '--format=stylish', 'radar.yaml'];

/** A throw-away copy of the spec and its lint config, for breaking on purpose. */
function copySpec(): string {
  const dir = mkdtempSync(join(tmpdir(), 'radar-spec-'));
  cpSync(join(specDir, 'radar.yaml'), join(dir, 'openapi', 'radar.yaml'));
  for (const folder of ['paths', 'components', 'plugins']) {
    cpSync(join(specDir, folder), join(dir, 'openapi', folder), { recursive: true });
  }
  cpSync(join(repoRoot, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  copies.push(dir);
  return dir;
}
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit of ${file} changed nothing: ${String(from)} not found`);
  writeFileSync(file, next);
}

interface Case {
  description: string;
  file: string;
  from: string | RegExp;
  to: string;
  rule: string;
  message?: string;
}

describe('redocly lint with the house rules', () => {
  it('passes on the spec as committed', () => {
    const { status, output } = redocly(lintArgs, specDir);
    expect(output).toContain('Your API description is valid');
    expect(status).toBe(0);
  });

  it.each<Case>([
    {
      description: 'an example with an unknown enum value',
      file: 'components/examples/MatchingAnswerTimeseriesExample.yaml',
      from: 'aggInterval: FIFTEEN_MINUTES',
      to: 'aggInterval: FIFTEEN_MINUTE',
      rule: 'no-invalid-media-type-examples',
    },
    {
      description: 'a dangling $ref',
      file: 'components/schemas/Annotation.yaml',
      from: 'AnnotationEventType.yaml',
      to: 'AnnotationEventKind.yaml',
      rule: 'no-unresolved-refs',
    },
    {
      description: 'a parameter without description',
      file: 'components/parameters/Tld.yaml',
      from: /^description: \|\n(?: {2}.*\n)+/m,
      to: '',
      rule: 'parameter-description',
    },
    {
      description: 'a schema property without description',
      file: 'components/schemas/Unit.yaml',
      from: / {4}description: What the unit applies to.*\n/,
      to: '',
      rule: 'rule/schema-property-description',
    },
    {
      description: 'a summary in title case',
      file: 'paths/radar_tcp_resets_timeouts_summary.yaml',
      from: 'summary: Get TCP resets and timeouts summary',
      to: 'summary: Get TCP Resets And Timeouts Summary',
      rule: 'rule/operation-summary-sentence-case',
    },
    {
      description: 'a deprecated operation that does not name its replacement',
      file: 'paths/radar_dns_timeseries_groups_matching_answer.yaml',
      from: 'Use the DNS timeseries groups by dimension instead',
      to: 'Prefer newer endpoints',
      rule: 'house/deprecated-operation-names-replacement',
    },
    {
      description: 'a replacement operationId that no operation has',
      file: 'paths/radar_email_security_summary_tls_version.yaml',
      from: 'operationId: getEmailSecuritySummaryByDimension',
      to: 'operationId: getEmailSecuritySummaryByDimensions',
      rule: 'house/deprecated-operation-names-replacement',
      message: '"getEmailSecuritySummaryByDimensions", which no operation in this document has',
    },
    {
      description: 'a fixed replacement parameter with a value the path parameter does not allow',
      file: 'paths/radar_dns_timeseries_groups_matching_answer.yaml',
      from: 'dimension: MATCHING_ANSWER',
      to: 'dimension: MATCHING_ANSWERS',
      rule: 'house/deprecated-operation-names-replacement',
      message:
        'is "MATCHING_ANSWERS", which path parameter "dimension" of getDnsTimeseriesGroupsByDimension does not allow',
    },
    {
      description: 'a fixed replacement parameter that is not a path parameter of the replacement',
      file: 'paths/radar_dns_timeseries_groups_matching_answer.yaml',
      from: 'dimension: MATCHING_ANSWER',
      to: 'dimensions: MATCHING_ANSWER',
      rule: 'house/deprecated-operation-names-replacement',
      message: 'getDnsTimeseriesGroupsByDimension has no path parameter "dimensions"',
    },
    {
      description: 'a replacement path that is not the path of the replacement operation',
      file: 'paths/radar_email_security_summary_tls_version.yaml',
      from: 'path: /radar/email/security/summary/{dimension}',
      to: 'path: /radar/email/summary/{dimension}',
      rule: 'house/deprecated-operation-names-replacement',
      message: 'but getEmailSecuritySummaryByDimension is at "/radar/email/security/summary/{dimension}"',
    },
    {
      description: 'an operation without x-client-method',
      file: 'paths/radar_tcp_resets_timeouts_summary.yaml',
      from: /^ {2}x-client-method: .*\n/m,
      to: '',
      rule: 'house/operation-client-method',
      message: 'add `x-client-method: radar.<resource>.<method>`',
    },
    {
      description: 'an x-client-method that is not dotted identifiers',
      file: 'paths/radar_email_security_summary_{dimension}.yaml',
      from: 'x-client-method: radar.email.security.summaryV2',
      to: 'x-client-method: radar.email.security.summary-v2',
      rule: 'house/operation-client-method',
      message: 'it must be dot-separated JavaScript identifiers',
    },
    {
      description: 'an x-client-method that another operation uses as its namespace',
      file: 'paths/radar_dns_timeseries_groups_{dimension}.yaml',
      from: 'x-client-method: radar.dns.timeseriesGroupsV2',
      to: 'x-client-method: radar.dns.timeseriesGroups',
      rule: 'house/operation-client-method',
      message: 'which is also the namespace of getDnsTimeseriesGroupsByMatchingAnswer',
    },
    {
      description: 'an x-client-method that another operation already uses',
      file: 'paths/radar_dns_timeseries_groups_{dimension}.yaml',
      from: 'x-client-method: radar.dns.timeseriesGroupsV2',
      to: 'x-client-method: radar.tcpResetsTimeouts.summary',
      rule: 'house/operation-client-method',
      message: 'which getTcpResetsTimeoutsSummary already uses',
    },
    {
      description: 'an operation without a 429 response',
      file: 'paths/radar_email_security_summary_tls_version.yaml',
      from: / {4}"429":\n.*\n/,
      to: '',
      rule: 'rule/operation-declares-error-responses',
    },
  ])('fails on $description, naming $file', ({ file, from, to, rule, message }: Case) => {
    const dir = copySpec();
    edit(join(dir, 'openapi', file), from, to);
    const { status, output } = redocly(lintArgs, join(dir, 'openapi'));
    expect(status).not.toBe(0);
    expect(output).toContain(file);
    expect(output).toContain(rule);
    if (message !== undefined) expect(output.replace(/\s+/g, ' ')).toContain(message);
  });
});
