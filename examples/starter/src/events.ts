import { DomainEvent } from '@annals/core';

export class ListStarted extends DomainEvent<{ title: string }> {
  static override readonly topic = 'TodoList.Started';
}

export class ItemAdded extends DomainEvent<{ text: string }> {
  static override readonly topic = 'TodoList.ItemAdded';
}

export class ItemCompleted extends DomainEvent<{ index: number }> {
  static override readonly topic = 'TodoList.ItemCompleted';
}
