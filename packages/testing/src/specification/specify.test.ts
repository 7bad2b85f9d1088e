import test from 'ava';
import { Aggregate, DomainEvent, ValidationError } from '@annals/core';
import { event } from './event-fact.js';
import { specify } from './specify.js';

class Opened extends DomainEvent<{ owner: string; limit: number }> {
  static override readonly topic = 'Account.Opened';
}
class Deposited extends DomainEvent<{ amount: number }> {
  static override readonly topic = 'Account.Deposited';
}
class Withdrawn extends DomainEvent<{ amount: number }> {
  static override readonly topic = 'Account.Withdrawn';
}

class InsufficientFunds extends ValidationError {
  override name = 'InsufficientFunds';
  constructor(balance: number, amount: number) {
    super(`cannot pay ${amount} from ${balance}`);
  }
}

class Account extends Aggregate {
  static override readonly topic = 'Account';
  static override readonly events = [Opened, Deposited, Withdrawn];
  owner = '';
  limit = 0;
  balance = 0;
  readonly history: DomainEvent[] = [];

  static open(owner: string, limit = 0): Account {
    const account = new Account();
    account.trigger(Opened, { owner, limit });
    return account;
  }
  deposit(amount: number): void {
    this.trigger(Deposited, { amount });
  }
  withdraw(amount: number): void {
    if (this.balance - amount < -this.limit) throw new InsufficientFunds(this.balance, amount);
    this.trigger(Withdrawn, { amount });
  }
  async withdrawLater(amount: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.withdraw(amount);
  }
  protected override apply(event: DomainEvent): void {
    this.history.push(event);
    if (event instanceof Opened) ({ owner: this.owner, limit: this.limit } = event.payload);
    if (event instanceof Deposited) this.balance += event.payload.amount;
    if (event instanceof Withdrawn) this.balance -= event.payload.amount;
  }
}

test('given events, when a command, then the event it triggered; the aggregate is returned', (t) => {
  const account = specify(t, Account)
    .given(Opened, { owner: 'Ada', limit: 0 })
    .given(Deposited, { amount: 100 })
    .when((account) => account.withdraw(30))
    .then(Withdrawn, { amount: 30 });
  t.is(account.balance, 70);
  t.is(account.version, 3);
});

test('several events given and expected with event()', (t) => {
  specify(t, Account)
    .given(event(Opened, { owner: 'Ada', limit: 0 }), event(Deposited, { amount: 100 }))
    .when((account) => {
      account.withdraw(10);
      account.deposit(5);
    })
    .then(event(Withdrawn, { amount: 10 }), event(Deposited, { amount: 5 }));
});

test('then() with no events asserts that the command triggered none', (t) => {
  specify(t, Account)
    .given(Opened, { owner: 'Ada', limit: 0 })
    .when(() => undefined)
    .then();
});

test('given events get the metadata of a real history: the id, versions 1..n, increasing times', (t) => {
  const id = '0190a1b2-0000-7000-8000-000000000001';
  const account = specify(t, Account, { id })
    .given(Opened, { owner: 'Ada', limit: 0 })
    .given(Deposited, { amount: 1 })
    .given(Deposited, { amount: 2 })
    .when(() => undefined)
    .then();
  t.is(account.id, id);
  t.deepEqual(
    account.history.map((e) => [e.originatorId, e.originatorVersion]),
    [
      [id, 1],
      [id, 2],
      [id, 3],
    ],
  );
  const times = account.history.map((e) => e.timestamp.getTime());
  t.true(times[0]! < times[1]! && times[1]! < times[2]!);
  t.true(times[2]! <= Date.now());
});

test('a command that creates the aggregate is checked on the aggregate it returns', (t) => {
  const account = specify(t, Account)
    .when(() => Account.open('Ada', 500))
    .then(Opened, { owner: 'Ada', limit: 500 });
  t.is(account.owner, 'Ada');
});

test('thenThrows with an error class returns the error', (t) => {
  const error = specify(t, Account)
    .given(Opened, { owner: 'Ada', limit: 0 })
    .when((account) => account.withdraw(1))
    .thenThrows(InsufficientFunds);
  t.regex(error?.message ?? '', /cannot pay 1 from 0/);
});

test('thenThrows with a code and a message pattern', (t) => {
  specify(t, Account)
    .given(Opened, { owner: 'Ada', limit: 0 })
    .when((account) => account.withdraw(1))
    .thenThrows({ code: 'ANNALS_VALIDATION', message: /cannot pay/ });
});

test('async commands: then and thenThrows return promises', async (t) => {
  const base = specify(t, Account).given(Opened, { owner: 'Ada', limit: 0 }).given(Deposited, { amount: 10 });
  const account = await base.when((account) => account.withdrawLater(10)).then(Withdrawn, { amount: 10 });
  t.is(account.balance, 0);
  await base.when((account) => account.withdrawLater(11)).thenThrows(InsufficientFunds);
});

test('a shared history is not changed by the specifications built on it', (t) => {
  const base = specify(t, Account).given(Opened, { owner: 'Ada', limit: 0 });
  base.given(Deposited, { amount: 5 });
  const account = base.when(() => undefined).then();
  t.is(account.version, 1);
});

test('timestamps are ignored: only topics and payloads are compared', (t) => {
  const account = specify(t, Account)
    .given(Opened, { owner: 'Ada', limit: 0 })
    .when((account) => account.deposit(3))
    .then(Deposited, { amount: 3 });
  t.true(account.modifiedOn instanceof Date);
});

// ---- Failures are ava assertion failures -------------------------------------------------------------

test('a different payload fails the assertion', async (t) => {
  const attempt = await t.try((tt) => {
    specify(tt, Account)
      .given(Opened, { owner: 'Ada', limit: 0 })
      .when((account) => account.deposit(3))
      .then(Deposited, { amount: 4 });
  });
  attempt.discard();
  t.false(attempt.passed);
  t.regex(attempt.errors[0]?.message ?? '', /the events the command triggered/);
});

test('a missing or extra event fails the assertion', async (t) => {
  for (const expected of [[], [event(Deposited, { amount: 3 }), event(Deposited, { amount: 3 })]]) {
    const attempt = await t.try((tt) => {
      specify(tt, Account)
        .when((account) => account.deposit(3))
        .then(...expected);
    });
    attempt.discard();
    t.false(attempt.passed);
  }
});

test('then fails when the command threw, naming the error', async (t) => {
  const attempt = await t.try((tt) => {
    specify(tt, Account)
      .given(Opened, { owner: 'Ada', limit: 0 })
      .when((account) => account.withdraw(1))
      .then(Withdrawn, { amount: 1 });
  });
  attempt.discard();
  t.false(attempt.passed);
  t.regex(attempt.errors[0]?.message ?? '', /it threw InsufficientFunds: cannot pay 1 from 0/);
});

test('thenThrows fails when the command did not throw, or threw something else', async (t) => {
  const noThrow = await t.try((tt) => {
    specify(tt, Account)
      .given(Opened, { owner: 'Ada', limit: 5 })
      .when((account) => account.withdraw(1))
      .thenThrows(InsufficientFunds);
  });
  noThrow.discard();
  t.false(noThrow.passed);
  t.regex(noThrow.errors[0]?.message ?? '', /it triggered \[Account.Withdrawn\]/);

  const otherError = await t.try((tt) => {
    specify(tt, Account)
      .when(() => {
        throw new RangeError('out of range');
      })
      .thenThrows(InsufficientFunds);
  });
  otherError.discard();
  t.false(otherError.passed);
  t.regex(
    otherError.errors[0]?.message ?? '',
    /expected the command to throw InsufficientFunds, but it threw RangeError/,
  );

  const otherMessage = await t.try((tt) => {
    specify(tt, Account)
      .given(Opened, { owner: 'Ada', limit: 0 })
      .when((account) => account.withdraw(1))
      .thenThrows({ message: 'something else' });
  });
  otherMessage.discard();
  t.false(otherMessage.passed);
});

test('payloads are type-checked against their event class', (t) => {
  const base = specify(t, Account);
  // @ts-expect-error amount must be a number
  const wrongType = () => base.given(Deposited, { amount: '3' });
  // @ts-expect-error owner is missing
  const missing = () => event(Opened, { limit: 0 });
  t.is(typeof wrongType, 'function');
  t.is(typeof missing, 'function');
});
