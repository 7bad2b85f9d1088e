import { createServer } from 'node:http';
import { serve } from '@annals/express';
import { closeApplication, getApplication, initApplication } from '@annals/lifecycle';
import { todoApi } from './api.js';
import { openTodos } from './open-todos.js';
import type { Todos } from './todos.js';

// One application per process, constructed before the server listens and closed after its last request.
const todos = await initApplication(() => openTodos());
const server = createServer(todoApi(() => getApplication<Todos>()));
// SIGTERM or SIGINT: stop accepting connections, finish the requests in flight, close the application, exit 0.
const serving = await serve(server, {
  port: Number(process.env['PORT'] ?? 3000),
  host: process.env['HOST'] ?? '127.0.0.1',
  close: closeApplication,
});
console.log(`listening on ${serving.url} (storage: ${todos.strategy.name})`);
