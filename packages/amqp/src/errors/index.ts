export {
  HandlerMissingError,
  isHandlerMissingError,
  isTopologyMissingError,
  MessagingErrorCode,
  TopologyMissingError,
} from './messaging-errors.js';
