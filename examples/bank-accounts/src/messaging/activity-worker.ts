import { consoleLogger } from '@annals/core';
import { closeApplication, initApplication } from '@annals/lifecycle';
import { openBank } from '../open-bank.js';
import { bankMessaging } from './bank-messaging.js';

// The activity worker: a consumer process of its own, next to the API's processes. It constructs its own
// application, records every account event in bank_activity until SIGTERM or SIGINT, then finishes the
// message in hand (buffered ones go back to the queue), closes its messaging and the application, and exits 0.
// A second signal exits at once; what was not acknowledged is delivered again, and recorded once.
const logger = consoleLogger({ fields: { service: 'bank-activity', pid: process.pid } });
const bank = await initApplication(() => openBank());
const { messaging, activity, log } = bankMessaging(bank, { logger });

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) {
    logger.warn({ signal }, 'signalled again: exiting without waiting');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'stopping after the message in hand');
  void activity.stop();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

let exitCode = 0;
try {
  await log.migrate();
  if (!stopping) {
    process.stdout.write(
      `consuming ${activity.name} from ${messaging.exchange} (pid ${process.pid}, storage: ${bank.strategy.name})\n`,
    );
    await activity.consume(); // resolves once stopped
  }
} catch (error) {
  logger.error({ err: error }, 'the activity consumer failed');
  exitCode = 1;
} finally {
  await messaging.close();
  await closeApplication();
}
process.exit(exitCode);
