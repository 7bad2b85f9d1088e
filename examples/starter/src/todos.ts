import { Application } from '@annals/core';
import { TodoList } from './todo-list.js';

/** The service's application: it saves to-do lists as events and rebuilds them from their events. */
export class Todos extends Application {
  static override readonly aggregates = [TodoList];

  async start(title: string): Promise<TodoList> {
    const list = TodoList.start(title);
    await this.save(list);
    return list;
  }

  async add(listId: string, text: string): Promise<TodoList> {
    const list = await this.list(listId);
    list.add(text);
    await this.save(list);
    return list;
  }

  async complete(listId: string, index: number): Promise<TodoList> {
    const list = await this.list(listId);
    list.complete(index);
    await this.save(list);
    return list;
  }

  list(listId: string): Promise<TodoList> {
    return this.get(TodoList, listId);
  }
}
