import { Aggregate, Application, DomainEvent } from '@annals/core';

export class Ticked extends DomainEvent<{ n: number; note: string }> {
  static override readonly topic = 'Meter.Ticked';
}

/** An aggregate whose every command is one published event of about 100 bytes. */
export class Meter extends Aggregate {
  static override readonly topic = 'Meter';
  static override readonly events = [Ticked];

  tick(n: number): void {
    this.trigger(Ticked, { n, note: 'a payload of a realistic size for a domain event' });
  }

  protected override apply(): void {}
}

export class Meters extends Application {
  static override readonly aggregates = [Meter];
}
