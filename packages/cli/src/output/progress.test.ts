import test from 'ava';
import { Output } from './output.js';

/** A stderr that keeps what is written to it, a terminal or not. */
function stderr(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  let written = '';
  const write = (chunk: string): boolean => {
    written += chunk;
    return true;
  };
  return { stream: { isTTY, write } as unknown as NodeJS.WriteStream, written: () => written };
}

function report(output: Output, options: { lines?: boolean } = {}): void {
  const progress = output.progress('rebuild balances', 0, options);
  progress.update(1, 10);
  progress.update(2, 10);
  progress.update(10, 10);
  progress.done();
}

test('on a terminal, progress is a bar redrawn in place', (t) => {
  const { stream, written } = stderr(true);
  report(new Output(false, process.stdout, stream), { lines: true });
  t.true(written().startsWith('\rrebuild balances [###...........................] 1/10'));
  t.true(written().endsWith('\rrebuild balances [##############################] 10/10\n'));
});

test('without a terminal, progress asked for as lines is the first, some between, and the last', (t) => {
  const { stream, written } = stderr(false);
  report(new Output(false, process.stdout, stream), { lines: true });
  const lines = written().trimEnd().split('\n');
  t.is(lines[0], 'rebuild balances: 1/10 (10%)');
  t.is(lines.at(-1), 'rebuild balances: 10/10 (100%)');
  t.true(lines.length <= 3);
});

test('without a terminal, and with --json, progress writes nothing unless asked for as lines', (t) => {
  const plain = stderr(false);
  report(new Output(false, process.stdout, plain.stream));
  t.is(plain.written(), '');
  for (const isTTY of [true, false]) {
    const json = stderr(isTTY);
    report(new Output(true, process.stdout, json.stream), { lines: true });
    t.is(json.written(), '', `a terminal: ${isTTY}`);
  }
});
