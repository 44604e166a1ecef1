// The packed client's types as consumers compile them: the TypeScript compiler over small files in
// consumers/, inside the scratch project, with the compiler options each kind of consumer has; the
// shipped .d.ts files are checked too, as skipLibCheck: false would. One compiler host for all
// cases, so that the lib files are parsed once.
import { join } from 'node:path';
import ts from 'typescript';
import { expect, inject, it } from 'vitest';

const { dir } = inject('consumer');

const strict = {
  strict: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  noEmit: true,
  // Off, so that the client's .d.ts files are checked; the test asks for the problems of those and
  // the consumer's file only, since the rest (TypeScript's libs, @types/node) is not under test and
  // takes most of a full check's time.
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

/** Files whose problems count: the consumer's own, and every file of the installed client. */
const underTest = (fileName: string) =>
  !fileName.includes('/node_modules/') || fileName.includes('/node_modules/@cf-radar/client/');

const parsed = new Map<string, ts.SourceFile | undefined>();
const base = ts.createCompilerHost({});
const host: ts.CompilerHost = {
  ...base,
  getSourceFile(fileName, languageVersion, onError) {
    const key = `${fileName}\0${typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion}`;
    if (!parsed.has(key)) parsed.set(key, base.getSourceFile(fileName, languageVersion, onError));
    return parsed.get(key);
  },
};

it.each(cases)('$description', ({ file, compilerOptions }) => {
  const { options, errors } = ts.convertCompilerOptionsFromJson(compilerOptions, dir);
  expect(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n'))).toEqual([]);
  const program = ts.createProgram({ rootNames: [join(dir, 'consumers', file)], options, host });
  const files = program.getSourceFiles().filter((source) => underTest(source.fileName));
  expect(files.map((source) => source.fileName)).toContainEqual(
    expect.stringMatching(/@cf-radar\/client\/dist\/index\.d\.ts$/),
  );
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...files.flatMap((source) => [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ]),
  ];
  const problems = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => dir,
    getNewLine: () => '\n',
  });
  expect(problems, `consumers/${file} with ${JSON.stringify(compilerOptions)}`).toBe('');
});
