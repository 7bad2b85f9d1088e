export {
  startThrowawayRabbitmq,
  type ThrowawayRabbitmq,
  type ThrowawayRabbitmqOptions,
} from './throwaway-rabbitmq.js';
