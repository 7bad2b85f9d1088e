export {
  assertInteger,
  environmentName,
  integer,
  oneOf,
  Settings,
  type Environment,
  type SettingSpec,
} from './settings.js';
