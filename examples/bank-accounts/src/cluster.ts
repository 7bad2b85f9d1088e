import { runCluster } from '@annals/worker';
import { startBankServer } from './http/start-bank-server.js';

// The API on several processes sharing one port. Each worker constructs its own application after the fork
// (the primary never does); on SIGTERM the primary asks every worker to drain, close and exit.
await runCluster({
  workers: Number(process.env['WORKERS'] ?? 2),
  worker: async () => {
    const serving = await startBankServer({ ownsSignals: false });
    return () => serving.shutdown();
  },
});
