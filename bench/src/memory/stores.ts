/** The stores the memory suite loads from. */
export type Store = 'postgresql' | 'sqlite';

export const STORES: readonly Store[] = ['postgresql', 'sqlite'];
