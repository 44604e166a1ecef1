import { describe, expect, it } from 'vitest';
import { curlSample, shellQuote } from '../src/curl.ts';

describe('shellQuote', () => {
  it.each([
    { description: 'a plain word', word: 'location=US', quoted: `'location=US'` },
    { description: 'a value with a space', word: 'name=a b', quoted: `'name=a b'` },
    { description: 'a single quote', word: "name=it's", quoted: `'name=it'\\''s'` },
    { description: 'a dollar sign stays literal', word: 'name=$HOME', quoted: `'name=$HOME'` },
  ])('$description', ({ word, quoted }) => {
    expect(shellQuote(word)).toBe(quoted);
  });
});

describe('curlSample', () => {
  it.each([
    {
      description: 'a GET with repeated keys, one value per series, in order',
      request: {
        serverUrl: 'https://api.cloudflare.com/client/v4',
        method: 'get',
        path: '/radar/tcp_resets_timeouts/summary',
        query: [
          ['location', 'US'],
          ['location', '-US,PT'],
        ] as const,
      },
      expected: [
        "RADAR='https://api.cloudflare.com/client/v4'",
        'curl --get "$RADAR/radar/tcp_resets_timeouts/summary" \\',
        "  --data-urlencode 'location=US' \\",
        "  --data-urlencode 'location=-US,PT' \\",
        '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
      ],
    },
    {
      description: 'no query, and a trailing slash on the server URL',
      request: { serverUrl: 'http://127.0.0.1:4010/client/v4/', method: 'get', path: '/radar/x', query: [] },
      expected: [
        "RADAR='http://127.0.0.1:4010/client/v4'",
        'curl --get "$RADAR/radar/x" \\',
        '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
      ],
    },
    {
      description: 'header parameters after the query, before the token',
      request: {
        serverUrl: 'https://h.invalid',
        method: 'get',
        path: '/p/MATCHING_ANSWER',
        query: [['a', '1']] as const,
        headers: [['x-mode', "it's"]] as const,
      },
      expected: [
        "RADAR='https://h.invalid'",
        'curl --get "$RADAR/p/MATCHING_ANSWER" \\',
        "  --data-urlencode 'a=1' \\",
        "  --header 'x-mode: it'\\''s' \\",
        '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
      ],
    },
    {
      description: 'another method',
      request: { serverUrl: 'https://h.invalid', method: 'post', path: '/p', query: [] },
      expected: [
        "RADAR='https://h.invalid'",
        'curl --request POST "$RADAR/p" \\',
        '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
      ],
    },
    {
      description: 'a path a shell would read into is quoted whole, with no variable',
      request: { serverUrl: 'https://h.invalid', method: 'get', path: "/p/it's$x", query: [] },
      expected: [
        `curl --get 'https://h.invalid/p/it'\\''s$x' \\`,
        '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
      ],
    },
  ])('$description', ({ request, expected }) => {
    expect(curlSample(request).split('\n')).toEqual(expected);
  });
});
