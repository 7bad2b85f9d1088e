import test from 'ava';
import { Aggregate } from '../aggregate/index.js';
import { TopicNotFoundError, ValidationError, isTopicNotFoundError } from '../errors/index.js';
import { DomainEvent, type EventClass } from './domain-event.js';
import { TopicRegistry } from './topic-registry.js';

class Renamed extends DomainEvent<{ n: number }> {
  static override readonly topic = 'Shop.ItemAdded';
  static override readonly aliases = ['Cart.ItemAdded', 'Basket.ItemPut'];
}

class Other extends DomainEvent<{ n: number }> {
  static override readonly topic = 'Shop.Other';
}

class Cart extends Aggregate {
  static override readonly topic = 'Shop.Cart';
  static override readonly events = [Renamed, Other];
  protected override apply(): void {}
}

test('a class resolves by its topic and by each of its aliases', (t) => {
  const registry = new TopicRegistry();
  registry.registerEvent(Renamed);
  t.is(registry.eventClass('Shop.ItemAdded'), Renamed);
  t.is(registry.eventClass('Cart.ItemAdded'), Renamed);
  t.is(registry.eventClass('Basket.ItemPut'), Renamed);
});

test('registering an aggregate registers it and the events it declares', (t) => {
  const registry = new TopicRegistry();
  registry.registerAggregate(Cart);
  t.is(registry.aggregateClass('Shop.Cart'), Cart);
  t.is(registry.eventClass('Shop.Other'), Other);
  t.is(registry.eventClass('Cart.ItemAdded'), Renamed);
  // Aggregate and event topics live apart.
  t.throws(() => registry.eventClass('Shop.Cart'), { instanceOf: TopicNotFoundError });
  t.throws(() => registry.aggregateClass('Shop.Other'), { instanceOf: TopicNotFoundError });
});

test('registering the same class twice is harmless', (t) => {
  const registry = new TopicRegistry();
  registry.registerAggregate(Cart);
  t.notThrows(() => registry.registerAggregate(Cart));
  t.notThrows(() => registry.registerEvent(Renamed));
  t.is(registry.eventClass('Shop.ItemAdded'), Renamed);
});

test('an unknown topic fails with a TopicNotFoundError naming it', (t) => {
  const registry = new TopicRegistry();
  for (const lookUp of [
    () => registry.eventClass('Nope.Event'),
    () => registry.aggregateClass('Nope.Event'),
  ]) {
    const error = t.throws(lookUp, { instanceOf: TopicNotFoundError });
    t.true(isTopicNotFoundError(error));
    t.is(error.topic, 'Nope.Event');
    t.regex(error.message, /Nope\.Event/);
  }
});

test('a topic claimed by two event classes is refused with a ValidationError naming both', (t) => {
  class First extends DomainEvent {
    static override readonly topic = 'Dup';
  }
  class Second extends DomainEvent {
    static override readonly topic = 'Dup';
  }
  const registry = new TopicRegistry();
  registry.registerEvent(First);
  const error = t.throws(() => registry.registerEvent(Second), { instanceOf: ValidationError });
  t.regex(error.message, /"Dup"/);
  t.regex(error.message, /First/);
  t.regex(error.message, /Second/);
  t.is(registry.eventClass('Dup'), First);
});

test('an alias that another class already uses as its topic is refused', (t) => {
  class Taker extends DomainEvent {
    static override readonly topic = 'Taker';
    static override readonly aliases = ['Shop.Other'];
  }
  const registry = new TopicRegistry();
  registry.registerEvent(Other);
  t.throws(() => registry.registerEvent(Taker), { instanceOf: ValidationError, message: /Shop\.Other/ });
});

test('a topic claimed by two aggregate classes is refused', (t) => {
  class CartCopy extends Aggregate {
    static override readonly topic = 'Shop.Cart';
    protected override apply(): void {}
  }
  const registry = new TopicRegistry();
  registry.registerAggregate(Cart);
  t.throws(() => registry.registerAggregate(CartCopy), { instanceOf: ValidationError, message: /CartCopy/ });
});

test('an event class without a topic is refused with a ValidationError naming the class', (t) => {
  class Untitled extends DomainEvent {}
  class EmptyTopic extends DomainEvent {
    static override readonly topic = '';
  }
  const registry = new TopicRegistry();
  for (const cls of [Untitled, EmptyTopic]) {
    const error = t.throws(() => registry.registerEvent(cls as EventClass), { instanceOf: ValidationError });
    t.regex(error.message, new RegExp(cls.name));
    t.regex(error.message, /topic/);
  }
});

test('an aggregate class without a topic is refused with a ValidationError naming the class', (t) => {
  class Nameless extends Aggregate {
    protected override apply(): void {}
  }
  const error = t.throws(() => new TopicRegistry().registerAggregate(Nameless), {
    instanceOf: ValidationError,
  });
  t.regex(error.message, /Nameless/);
});

test('an aggregate declaring an event without a topic is refused', (t) => {
  class NoTopic extends DomainEvent {}
  class Holder extends Aggregate {
    static override readonly topic = 'Holder';
    static override readonly events = [NoTopic as EventClass];
    protected override apply(): void {}
  }
  t.throws(() => new TopicRegistry().registerAggregate(Holder), {
    instanceOf: ValidationError,
    message: /NoTopic/,
  });
});

test('a class version beyond its upcasters + 1 is refused', (t) => {
  class TooNew extends DomainEvent {
    static override readonly topic = 'TooNew';
    static override readonly classVersion = 3;
    static override readonly upcasters = [(p: Record<string, unknown>) => p];
  }
  const error = t.throws(() => new TopicRegistry().registerEvent(TooNew), { instanceOf: ValidationError });
  t.regex(error.message, /TooNew/);
  t.regex(error.message, /3/);
});

test('a class version with exactly classVersion - 1 upcasters is accepted', (t) => {
  const up = (p: Record<string, unknown>): Record<string, unknown> => p;
  class AtThree extends DomainEvent {
    static override readonly topic = 'AtThree';
    static override readonly classVersion = 3;
    static override readonly upcasters = [up, up];
  }
  const registry = new TopicRegistry();
  t.notThrows(() => registry.registerEvent(AtThree));
  t.is(registry.eventClass('AtThree'), AtThree);
});

test('a class version that is not an integer >= 1 is refused', (t) => {
  for (const classVersion of [0, -1, 1.5, Number.NaN]) {
    class Odd extends DomainEvent {
      static override readonly topic = `Odd${classVersion}`;
      static override readonly classVersion = classVersion;
    }
    t.throws(
      () => new TopicRegistry().registerEvent(Odd),
      { instanceOf: ValidationError },
      String(classVersion),
    );
  }
});

test('registries are independent: one application may map a topic to another class', (t) => {
  class Elsewhere extends DomainEvent {
    static override readonly topic = 'Shop.ItemAdded';
  }
  const a = new TopicRegistry();
  const b = new TopicRegistry();
  a.registerEvent(Renamed);
  b.registerEvent(Elsewhere);
  t.is(a.eventClass('Shop.ItemAdded'), Renamed);
  t.is(b.eventClass('Shop.ItemAdded'), Elsewhere);
  t.throws(() => b.eventClass('Cart.ItemAdded'), { instanceOf: TopicNotFoundError });
});
