import { ValidationError } from '@annals/core';
import { notFoundHandler, problemHandler, sendAggregate } from '@annals/express';
import express, { type Express, type Request } from 'express';
import type { TodoList } from './todo-list.js';
import type { Todos } from './todos.js';

/** What the API answers for a list. */
const view = (list: TodoList) => ({
  id: list.id,
  title: list.title,
  items: list.items,
  version: list.version,
});

function text(request: Request, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string') throw new ValidationError(`"${name}" must be a string`);
  return value;
}

function index(request: Request<{ index: string }>): number {
  const value = Number(request.params.index);
  if (!Number.isSafeInteger(value) || value < 0) throw new ValidationError('an item index is a whole number');
  return value;
}

/**
 * The HTTP API. It looks the application up on every request through `todos`: the server passes
 * `getApplication`, a test passes its fixture.
 */
export function todoApi(todos: () => Todos): Express {
  const app = express();
  app.use(express.json());

  app.post('/lists', async (req, res) => {
    const list = await todos().start(text(req, 'title'));
    sendAggregate(res.status(201).location(`/lists/${list.id}`), list, view(list));
  });

  app.get('/lists/:id', async (req, res) => {
    const list = await todos().list(req.params.id);
    sendAggregate(res, list, view(list));
  });

  app.post('/lists/:id/items', async (req, res) => {
    const list = await todos().add(req.params.id, text(req, 'text'));
    sendAggregate(res.status(201), list, view(list));
  });

  app.post('/lists/:id/items/:index/done', async (req, res) => {
    const list = await todos().complete(req.params.id, index(req));
    sendAggregate(res, list, view(list));
  });

  // Errors and unknown routes answer application/problem+json: 400 for a ValidationError, 404 for an
  // unknown list or route, 409 when two requests change one list at once.
  app.use(notFoundHandler(), problemHandler());
  return app;
}
