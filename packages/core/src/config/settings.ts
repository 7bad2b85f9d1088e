import { ConfigurationError } from '../errors/index.js';

/** Where settings come from besides constructor options. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How one setting is named in the environment and parsed from it. */
export interface SettingSpec<T> {
  /** The option's name, e.g. `compression`; the environment name is derived: `COMPRESSION`. */
  readonly name: string;
  /** Parses the environment's text; throws a plain `Error` whose message says what is expected. */
  readonly parse: (text: string) => T;
  /** Checks a value given as an option; defaults to accepting it. */
  readonly check?: (value: T) => void;
  /**
   * The value is or holds a credential (a key, a URL with a password): errors name the variable but never
   * show its value, and keep no cause that could. @default false
   */
  readonly secret?: boolean;
}

/**
 * Resolves settings in this order: constructor options, then `<PREFIX>_<NAME>` in the environment (the
 * prefix is the application's name), then `ANNALS_<NAME>`, then the default. A bad value fails with a
 * `ConfigurationError` that names the setting and where it came from.
 */
export class Settings {
  readonly #env: Environment;
  readonly #prefix: string;

  constructor(applicationName: string, env: Environment) {
    this.#env = env;
    this.#prefix = environmentName(applicationName);
  }

  /** The environment variable names consulted for a setting, in order. */
  environmentNames(name: string): string[] {
    const suffix = environmentName(name);
    return [`${this.#prefix}_${suffix}`, `ANNALS_${suffix}`];
  }

  /**
   * The value of a setting: `option` when given, else the environment variable `spec` names (parsed), else
   * `fallback`.
   */
  resolve<T, F extends T | undefined>(spec: SettingSpec<T>, option: T | undefined, fallback: F): T | F {
    if (option !== undefined) {
      this.#check(spec, option, `option "${spec.name}"`);
      return option;
    }
    for (const variable of this.environmentNames(spec.name)) {
      const text = this.#env[variable];
      if (text === undefined || text === '') continue;
      let value: T;
      try {
        value = spec.parse(text);
      } catch (error) {
        const source = spec.secret ? variable : `${variable}=${JSON.stringify(text)}`;
        throw new ConfigurationError(
          spec.name,
          `setting "${spec.name}" from ${source} is invalid: ${(error as Error).message}`,
          spec.secret ? {} : { cause: error },
        );
      }
      this.#check(spec, value, variable);
      return value;
    }
    return fallback;
  }

  #check<T>(spec: SettingSpec<T>, value: T, source: string): void {
    try {
      spec.check?.(value);
    } catch (error) {
      throw new ConfigurationError(
        spec.name,
        `setting "${spec.name}" (${source}) is invalid: ${(error as Error).message}`,
        spec.secret ? {} : { cause: error },
      );
    }
  }
}

/** `bank-accounts` → `BANK_ACCOUNTS`, `snapshotInterval` → `SNAPSHOT_INTERVAL`. */
export function environmentName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}

/** A parser accepting one of the given words. */
export function oneOf<T extends string>(choices: readonly T[]): (text: string) => T {
  return (text) => {
    if (!(choices as readonly string[]).includes(text))
      throw new Error(`expected one of ${choices.join(', ')}`);
    return text as T;
  };
}

/** A parser accepting a whole number >= `min`. */
export function integer(min: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    assertInteger(value, min);
    return value;
  };
}

/** Throws unless `value` is a whole number >= `min`. */
export function assertInteger(value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`expected a whole number >= ${min}`);
}
