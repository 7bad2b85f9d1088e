export { checkTopology, declareTopology } from './ensure-topology.js';
export {
  mergeTopologies,
  type BindingSpec,
  type ExchangeSpec,
  type QueueSpec,
  type Topology,
} from './topology.js';
