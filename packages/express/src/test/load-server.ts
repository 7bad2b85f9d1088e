/**
 * The server the graceful-shutdown tests run in a child process: a notebook whose `POST /notes` waits a little,
 * then saves a note. It prints `listening <url>` once ready and, from the close callback,
 * `closed answered=<responses> saved=<notes>`. With FAIL_CLOSE set, closing fails.
 */
import express from 'express';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { healthRouter, problemHandler, serve } from '../index.js';
import { Note, Notebook } from './notebook.js';

const notebook = new Notebook({ env: {} });
const app = express();
const server = createServer(app);
let answered = 0;
let saved = 0;
app.use((_request, response, next) => {
  response.on('finish', () => answered++);
  next();
});
app.use(healthRouter({ application: () => notebook, server }));
app.post('/notes', async (_request, response) => {
  await sleep(20);
  const note = Note.write('under load');
  await notebook.save(note);
  saved++;
  response.status(201).json({ id: note.id });
});
app.use(problemHandler());

const serving = await serve(server, {
  port: 0,
  host: '127.0.0.1',
  close: async () => {
    await notebook.close();
    if (process.env['FAIL_CLOSE']) throw new Error('the database went away\nwhile closing');
    process.stdout.write(`closed answered=${answered} saved=${saved}\n`);
  },
});
process.stdout.write(`listening ${serving.url}\n`);
