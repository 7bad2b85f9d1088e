import { activeTraceIds } from '../telemetry/trace-headers.js';
import { silentLogger, type LogFields, type Logger, type LogLevel } from './logger.js';

const traced = new WeakSet<Logger>();

/**
 * The logger with the `traceId` and `spanId` of the active span added to every record written inside one,
 * so logs and traces join up. Annals wraps every logger it is given this way.
 */
export function tracedLogger(logger: Logger): Logger {
  if (logger === silentLogger || traced.has(logger)) return logger;
  const at =
    (level: LogLevel) =>
    (fields: LogFields, message: string): void => {
      const ids = activeTraceIds();
      logger[level](ids ? { ...ids, ...fields } : fields, message);
    };
  const wrapped: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => tracedLogger(logger.child(bindings)),
  };
  traced.add(wrapped);
  return wrapped;
}
