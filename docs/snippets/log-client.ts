import { NotificationLogClient } from '@annals/core';

// #region log-client
const upstream = new NotificationLogClient({
  url: 'http://bank:3000/notifications',
  token: process.env['BANK_LOG_TOKEN'] ?? '',
});
// #endregion log-client
await upstream.select(1, 10);
