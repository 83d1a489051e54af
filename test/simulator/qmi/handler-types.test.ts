// The simulator's QMI handler tables are typed by the declarations: a misspelled message name, a
// response field the message does not declare, a value of the wrong type or a request field that
// does not exist is a compile error. handler-types.fixture.ts holds one of each, marked with
// `@ts-expect-error` so the project's tsc passes only while each is still an error; this test
// compiles the fixture without the markers and checks each line fails for the reason it names
// (a marker would also be satisfied by an unrelated error).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const FIXTURE = path.resolve(import.meta.dirname, 'handler-types.fixture.ts');
const MARK = /\/\/ @ts-expect-error reason: (.+)$/;

test('a misspelled message name, wrong response field, wrong value type or unknown request field does not compile', () => {
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const expected = new Map<number, string>();
  text.split('\n').forEach((line, i) => {
    const m = MARK.exec(line);
    if (m) expected.set(i + 1, m[1]!);
  });
  assert.ok(expected.size >= 6, 'the fixture lost its cases');

  const config = ts.getParsedCommandLineOfConfigFile(path.resolve(import.meta.dirname, '../../../tsconfig.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  assert.ok(config);
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (path.resolve(name) === FIXTURE
    ? ts.createSourceFile(name, text.replaceAll('// @ts-expect-error', '// expected:'), lang)
    : read(name, lang, ...rest));
  const program = ts.createProgram([FIXTURE], config.options, host);

  const got = new Map<number, string>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    assert.equal(d.file && path.resolve(d.file.fileName), FIXTURE, `error outside the fixture: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    const line = d.file!.getLineAndCharacterOfPosition(d.start!).line;
    got.set(line, `${got.get(line) ?? ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n`);
  }
  assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort(), 'every case, and nothing else, is an error');
  for (const [line, reason] of expected) assert.ok(got.get(line)?.includes(reason), `line ${line + 1}: expected "${reason}", got: ${got.get(line)}`);
});
