import { NotificationLogClient } from '@annals/core';
import { bearerToken, notificationLogRouter } from '@annals/express';
import express from 'express';
import { Bank } from './bank.js';

const bank = new Bank();
const app = express();

// #region serve-log
// An empty secret is a ConfigurationError: the log is never served without a token by mistake.
const authorize = bearerToken(process.env['BANK_LOG_TOKEN'] ?? '');
app.use(notificationLogRouter({ application: () => bank, authorize }));
// #endregion serve-log

// #region follow-log
const upstream = new NotificationLogClient({
  url: 'https://bank.internal/notifications',
  token: () => process.env['BANK_LOG_TOKEN'] ?? '',
});
// #endregion follow-log

export { upstream };
