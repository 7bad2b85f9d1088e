import test from 'ava';
import { Output } from './output.js';

/** A stderr that keeps what is written to it, a terminal or not. */
function stderr(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  let written = '';
  const write = (chunk: string): boolean => {
    written += chunk;
    return true;
  };
  return { stream: { isTTY, columns: 100, write } as unknown as NodeJS.WriteStream, written: () => written };
}

function report(output: Output): void {
  const progress = output.progress('rebuild balances', 0);
  progress.update(1, 10);
  progress.update(2, 10);
  progress.update(10, 10);
  progress.done();
}

test('on a terminal, progress is a bar redrawn in place, left at its last state', (t) => {
  const { stream, written } = stderr(true);
  report(new Output(false, process.stdout, stream));
  t.true(written().includes('rebuild balances [###...........................] 1/10'), written());
  t.true(written().includes('rebuild balances [##############################] 10/10'), written());
  t.true(written().endsWith('\n'), 'the next output starts on a line of its own');
});

test('without a terminal, progress is plain lines: the first, some between, and the last', (t) => {
  const { stream, written } = stderr(false);
  report(new Output(false, process.stdout, stream));
  const lines = written().trimEnd().split('\n');
  t.is(lines[0], 'rebuild balances: 1/10 (10%)');
  t.is(lines.at(-1), 'rebuild balances: 10/10 (100%)');
  t.true(lines.length <= 3);
});

test('with --json, progress writes nothing, on a terminal or not', (t) => {
  for (const isTTY of [true, false]) {
    const json = stderr(isTTY);
    report(new Output(true, process.stdout, json.stream));
    t.is(json.written(), '', `a terminal: ${isTTY}`);
  }
});
