import test from 'ava';
import { Application } from '../application/index.js';
import { IntegrityError, ValidationError } from '../errors/index.js';
import { DomainEvent } from '../events/index.js';
import { Aggregate } from './aggregate.js';
import { EventHandlers } from './event-handlers.js';

class Started extends DomainEvent<{ name: string }> {
  static override readonly topic = 'Timer.Started';
}
class Ticked extends DomainEvent<{ seconds: number }> {
  static override readonly topic = 'Timer.Ticked';
}
class Reset extends DomainEvent<{ reason: string }> {
  static override readonly topic = 'Timer.Reset';
}

const handlers = new EventHandlers<Timer>()
  .on(Started, (timer, event) => {
    timer.name = event.payload.name;
  })
  .on(Ticked, (timer, event) => {
    timer.seconds += event.payload.seconds;
  });

class Timer extends Aggregate {
  static override readonly topic = 'Timer';
  static override readonly events = handlers.events;
  name = '';
  seconds = 0;

  static start(name: string): Timer {
    const timer = new Timer();
    timer.trigger(Started, { name });
    return timer;
  }
  tick(seconds: number): void {
    this.trigger(Ticked, { seconds });
  }
  reset(reason: string): void {
    this.trigger(Reset, { reason });
  }
  protected override apply(event: DomainEvent): void {
    handlers.apply(this, event);
  }
}

class Clocks extends Application {}

test('the events of an aggregate are the classes that have handlers, in order', (t) => {
  t.deepEqual(Timer.events, [Started, Ticked]);
});

test('an aggregate built on handlers saves and loads through them', async (t) => {
  await using app = new Clocks({ env: {} });
  const timer = Timer.start('tea');
  timer.tick(30);
  timer.tick(15);
  await app.save(timer);
  const loaded = await app.get(Timer, timer.id);
  t.is(loaded.name, 'tea');
  t.is(loaded.seconds, 45);
});

test('an event without a handler is refused when it is triggered, naming the class', (t) => {
  const timer = Timer.start('tea');
  t.throws(() => timer.reset('spilled'), {
    instanceOf: IntegrityError,
    message: /Timer has no handler for Reset/,
  });
});

test('a class cannot have two handlers', (t) => {
  t.throws(() => new EventHandlers<Timer>().on(Ticked, () => undefined).on(Ticked, () => undefined), {
    instanceOf: ValidationError,
    message: /Ticked has two handlers/,
  });
});
