import express, { type Express } from 'express';
import type { Logger } from '@annals/core';
import {
  assertIfMatch,
  healthRouter,
  notificationLogRouter,
  problemHandler,
  requestContext,
  sendAggregate,
} from '../index.js';
import { Note, type Notebook } from './notebook.js';

/** The notes API the tests drive: every part of this package mounted the way an application would. */
export function notesApi(application: () => Notebook, logger?: Logger): Express {
  const app = express();
  app.use(express.json());
  app.use(requestContext({ application }));
  app.use(healthRouter({ application }));
  app.use(notificationLogRouter({ application }));
  app.post('/notes', async (request, response) => {
    const note = Note.write(textOf(request.body));
    await application().save(note);
    sendAggregate(response.status(201), note, { id: note.id, text: note.text });
  });
  app.get('/notes/:id', async (request, response) => {
    const note = await application().get(Note, request.params.id);
    sendAggregate(response, note, { id: note.id, text: note.text });
  });
  app.put('/notes/:id', async (request, response) => {
    const notebook = application();
    const note = await notebook.get(Note, request.params.id);
    assertIfMatch(request, note);
    note.edit(textOf(request.body));
    await notebook.save(note);
    sendAggregate(response, note, { id: note.id, text: note.text });
  });
  app.use(problemHandler(logger ? { logger } : {}));
  return app;
}

function textOf(body: unknown): string {
  const text = (body as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : '';
}
