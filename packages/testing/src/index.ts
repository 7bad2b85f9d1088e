export { strategyContract, type StrategyContractOptions } from './contract/strategy-contract.js';
export type { ContractCase, ContractContext } from './contract/contract-case.js';
export {
  startHttp,
  type HttpRequestOptions,
  type HttpResult,
  type HttpSpecification,
} from './http/start-http.js';
export * from './fixtures/index.js';
export * from './specification/index.js';
