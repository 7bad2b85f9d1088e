import { Aggregate, ValidationError, type DomainEvent } from '@annals/core';
import { ItemAdded, ItemCompleted, ListStarted } from './events.js';

export interface Item {
  readonly text: string;
  readonly done: boolean;
}

/** A to-do list: started with a title, then items are added and completed. */
export class TodoList extends Aggregate {
  static override readonly topic = 'TodoList';
  static override readonly events = [ListStarted, ItemAdded, ItemCompleted];

  title = '';
  items: Item[] = [];

  static start(title: string): TodoList {
    if (title.trim() === '') throw new ValidationError('a list needs a title');
    const list = new TodoList();
    list.trigger(ListStarted, { title });
    return list;
  }

  add(text: string): void {
    if (text.trim() === '') throw new ValidationError('an item needs a text');
    this.trigger(ItemAdded, { text });
  }

  complete(index: number): void {
    const item = this.items[index];
    if (!item) throw new ValidationError(`the list has no item ${index}`);
    if (item.done) throw new ValidationError(`item ${index} is done already`);
    this.trigger(ItemCompleted, { index });
  }

  protected override apply(event: DomainEvent): void {
    if (event instanceof ListStarted) {
      this.title = event.payload.title;
    } else if (event instanceof ItemAdded) {
      this.items.push({ text: event.payload.text, done: false });
    } else if (event instanceof ItemCompleted) {
      const { index } = event.payload;
      this.items = this.items.map((item, at) => (at === index ? { ...item, done: true } : item));
    }
  }
}
