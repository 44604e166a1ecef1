// The query each operation's curl sample sends: the same call as `samples/<operationId>.ts`, so that
// both tabs of a sample show one request. The build checks every value against the parameter's
// schema in the spec, so a spec change that invalidates one stops the build.
import type { CurlRequest } from './curl.ts';

export const curlQueries: Readonly<Record<string, CurlRequest['query']>> = {
  getTcpResetsTimeoutsSummary: [
    ['location', 'US'],
    ['dateRange', '7d'],
  ],
  getEmailSecuritySummaryByTlsVersion: [
    ['name', 'pass'],
    ['dkim', 'PASS'],
    ['dateRange', '7d'],
    ['name', 'fail'],
    ['dkim', 'FAIL'],
    ['dateRange', '7d'],
  ],
  getDnsTimeseriesGroupsByMatchingAnswer: [
    ['aggInterval', '1h'],
    ['dateRange', '1d'],
  ],
};
