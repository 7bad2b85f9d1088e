import { Aggregate, Application, DomainEvent, ValidationError } from '@annals/core';

export class Noted extends DomainEvent<{ text: string }> {
  static override readonly topic = 'Note.Noted';
}

export class Edited extends DomainEvent<{ text: string }> {
  static override readonly topic = 'Note.Edited';
}

/** A tiny aggregate for the tests: a note whose text can be edited. */
export class Note extends Aggregate {
  static override readonly topic = 'Note';
  static override readonly events = [Noted, Edited];
  text = '';

  static write(text: string): Note {
    const note = new Note();
    note.trigger(Noted, { text });
    return note;
  }

  edit(text: string): void {
    if (text === '') throw new ValidationError('text must not be empty');
    this.trigger(Edited, { text });
  }

  protected override apply(event: DomainEvent): void {
    if (event instanceof Noted || event instanceof Edited)
      this.text = (event.payload as { text: string }).text;
  }
}

export class Notebook extends Application {
  static override readonly aggregates = [Note];
}
