// The guide's offline section is run, not just type-checked: its snippet runs against the real
// replay server (on a free port instead of 4010) and must print the recorded answers.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ReplayServer, startReplayServer } from '@cf-radar/contract-tests/replay-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from '../src/site.ts';

const MOCK_URL = 'http://127.0.0.1:4010/client/v4';
let replay: ReplayServer;

beforeAll(async () => {
  replay = await startReplayServer();
});

afterAll(async () => {
  await replay?.close();
});

function runTs(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the guide, offline', () => {
  it('tells readers the replay server address that npm run mock uses', async () => {
    const mock = await readFile(join(packageDir, '..', 'contract-tests', 'src', 'cli', 'mock.ts'), 'utf8');
    expect(mock).toMatch(/PORT \?\? 4010/);
    expect(mock).toContain("basePath: '/client/v4'");
  });

  it('runs its replay-server snippet against the replay server', async () => {
    const guide = await readFile(join(packageDir, 'guide', 'getting-started.md'), 'utf8');
    const snippet = [...guide.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
      .map((match) => match[1] ?? '')
      .find((source) => source.includes(MOCK_URL));
    if (snippet === undefined) throw new Error(`guide/getting-started.md has no ts block using ${MOCK_URL}`);

    const dir = join(packageDir, 'test-output', 'guide-run');
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'offline.ts');
    await writeFile(file, snippet.replace(MOCK_URL, replay.url));
    const { code, stdout, stderr } = await runTs(file);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('summary_0');
    expect(stdout).toContain('later_in_flow');
  });
});
