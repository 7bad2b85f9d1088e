import { startBankServer } from './http/start-bank-server.js';

// One process, one application: SIGTERM or SIGINT drains requests, closes the application and exits 0.
await startBankServer({ ownsSignals: true });
