import {
  Aggregate,
  Application,
  DomainEvent,
  InMemoryStrategy,
  Policy,
  ProcessApplication,
  System,
  type ApplicationClass,
  type ApplicationOptions,
} from '@annals/core';

export class Credited extends DomainEvent<{ amount: number }> {
  static override readonly topic = 'Wallet.Credited';
}

export class Wallet extends Aggregate {
  static override readonly topic = 'Wallet';
  static override readonly events = [Credited];

  static credited(amount: number): Wallet {
    const wallet = new Wallet();
    wallet.trigger(Credited, { amount });
    return wallet;
  }

  protected override apply(): void {}
}

export class Wallets extends Application {
  static override readonly aggregates = [Wallet];
}

export class Granted extends DomainEvent<{ wallet: string }> {
  static override readonly topic = 'Reward.Granted';
}

export class Reward extends Aggregate {
  static override readonly topic = 'Reward';
  static override readonly events = [Granted];

  static grant(wallet: string): Reward {
    const reward = new Reward();
    reward.trigger(Granted, { wallet });
    return reward;
  }

  protected override apply(): void {}
}

/** Grants a reward for every credit. */
export class Rewards extends ProcessApplication {
  static override readonly aggregates = [Reward];
  static override readonly policy = new Policy<Rewards>().on(Credited, (_rewards, event, processing) => {
    processing.collect(Reward.grant(event.originatorId));
  });
}

export const rewardsSystem = new System([[Wallets, Rewards]]);

/** One in-memory strategy per application class, shared by every instance of that class. */
export function storagePerApplication(): {
  readonly options: (application: ApplicationClass) => ApplicationOptions;
  readonly strategyOf: (application: ApplicationClass) => InMemoryStrategy;
} {
  const strategies = new Map<ApplicationClass, InMemoryStrategy>();
  const strategyOf = (application: ApplicationClass): InMemoryStrategy => {
    const strategy = strategies.get(application) ?? new InMemoryStrategy();
    strategies.set(application, strategy);
    return strategy;
  };
  return { options: (application) => ({ strategy: strategyOf(application), env: {} }), strategyOf };
}
