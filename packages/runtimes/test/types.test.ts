// The packed client's types as consumers compile them: tsc over small files in consumers/, inside the
// scratch project, with the compiler options each kind of consumer has, and never skipLibCheck, so
// that the shipped .d.ts files are checked too.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../src/install.js';

const run = promisify(execFile);
const { dir } = inject('consumer');
const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const strict = {
  strict: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  noEmit: true,
  skipLibCheck: false,
};

const cases = [
  {
    description: 'optional options accept undefined under exactOptionalPropertyTypes',
    file: 'exact-optional.ts',
    compilerOptions: { ...strict, exactOptionalPropertyTypes: true, lib: ['ES2022', 'DOM'], types: [] },
  },
  {
    description: "a Worker's env interface is accepted as the env option",
    file: 'worker-env.ts',
    compilerOptions: { ...strict, lib: ['ES2022', 'DOM'], types: [] },
  },
  {
    description: 'a .cts consumer compiles under module node16',
    file: 'commonjs.cts',
    compilerOptions: { ...strict, module: 'Node16', moduleResolution: 'Node16', lib: ['ES2022', 'DOM'], types: [] },
  },
  {
    description: 'a browser or Worker consumer compiles with lib DOM and no @types/node',
    file: 'plain.ts',
    compilerOptions: { ...strict, lib: ['ES2022', 'DOM'], types: [] },
  },
  {
    description: 'a Node consumer compiles with @types/node and no DOM lib',
    file: 'plain.ts',
    compilerOptions: { ...strict, lib: ['ES2022'], types: ['node'] },
  },
];

it.each(cases)('$description', async ({ description, file, compilerOptions }) => {
  const project = join(dir, `tsconfig.${description.replace(/[^a-z0-9]+/gi, '-')}.json`);
  await writeFile(project, JSON.stringify({ compilerOptions, files: [join('consumers', file)] }, null, 2));
  const result = await run(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: dir }).then(
    () => '',
    (error: { stdout?: string; stderr?: string }) =>
      `${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || String(error),
  );
  expect(result, `tsc -p ${project}`).toBe('');
});
