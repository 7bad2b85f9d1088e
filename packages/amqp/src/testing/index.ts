export { closeBrokerConnections, deleteTopology, testBrokerUrl, uniqueName } from './broker-fixtures.js';
export { tapExchange, type Tap } from './tap.js';
