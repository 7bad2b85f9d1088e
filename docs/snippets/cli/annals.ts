// src/annals.ts → dist/annals.js
import { defineCli } from '@annals/cli';
import { Messaging } from '@annals/amqp';
import { postgresqlPersistence } from '@annals/mikro-orm/postgresql';
import { Bank } from './domain/bank.js';

export default defineCli({
  application: () => new Bank({ strategies: { postgres: postgresqlPersistence } }),
  messaging: (bank) => {
    const messaging = new Messaging(bank, { exchange: 'bank.events', publishes: ['BankAccount.*'] });
    messaging
      .consumer('statements')
      .subscribe('BankAccount.*', (message) => bank.recordStatement(message.body));
    return messaging;
  },
  commands: [
    {
      name: 'close-dormant',
      summary: 'close accounts without activity for a year',
      run: async ({ app }) => ({ closed: await app.closeDormant() }),
    },
  ],
});
