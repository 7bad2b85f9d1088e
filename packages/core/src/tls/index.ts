export { describeTlsFailure } from './tls-failure.js';
