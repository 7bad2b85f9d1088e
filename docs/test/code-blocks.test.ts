import test from 'ava';
import ts from 'typescript';
import { codeBlocks, pages, root, scriptLanguages, type CodeBlock } from './pages.js';

/**
 * A ```ts block that is neither a snippet nor marked `<!-- sketch -->` is compiled as a module of its own in
 * the docs package, against the packages' declarations, with the docs package's compiler options.
 */
function compile(blocks: readonly CodeBlock[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${root}docs/tsconfig.json`,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('docs/tsconfig.json could not be read');
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    composite: false,
    incremental: false,
    moduleDetection: ts.ModuleDetectionKind.Force,
  };
  const files = new Map(
    blocks.map((block) => [
      `${root}docs/code-blocks/${block.page.replaceAll('/', '-')}-${block.line}.ts`,
      block,
    ]),
  );
  const base = ts.createCompilerHost(options);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (name) => files.has(name) || base.fileExists(name),
    readFile: (name) => files.get(name)?.code ?? base.readFile(name),
    getSourceFile: (name, language, ...rest) => {
      const block = files.get(name);
      return block
        ? ts.createSourceFile(name, block.code, language)
        : base.getSourceFile(name, language, ...rest);
    },
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const block = diagnostic.file && files.get(diagnostic.file.fileName);
    if (!block || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
    return `${block.page}:${block.line + 1 + line}: TS${diagnostic.code} ${message}`;
  });
}

const blocks = pages.flatMap(codeBlocks);

test('TypeScript and JavaScript blocks are ```ts blocks', (t) => {
  const others = blocks.filter((block) => scriptLanguages.has(block.language) && block.language !== 'ts');
  t.deepEqual(
    others.map((block) => `${block.page}:${block.line}`),
    [],
    'write these as ```ts, so that they are checked',
  );
});

test('every ```ts block is a snippet, a marked sketch, or plain', (t) => {
  const unknownMarkers = blocks.filter(
    (block) =>
      block.language === 'ts' &&
      block.marker !== undefined &&
      block.marker !== 'sketch' &&
      !block.marker.startsWith('snippet: '),
  );
  t.deepEqual(
    unknownMarkers.map((block) => `${block.page}:${block.line}: <!-- ${block.marker} -->`),
    [],
    'a ```ts block is preceded by <!-- snippet: PATH#REGION -->, <!-- sketch -->, or nothing',
  );
});

test('every plain ```ts block type-checks on its own against the packages', (t) => {
  const plain = blocks.filter((block) => block.language === 'ts' && block.marker === undefined);
  t.deepEqual(compile(plain), []);
});
