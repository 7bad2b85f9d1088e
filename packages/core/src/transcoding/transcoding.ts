/**
 * How one type is written to and read back from JSON. `encode` returns JSON-compatible data (which may
 * itself contain transcoded values); `decode` receives that data back with its inner values already decoded.
 *
 * @example
 * ```ts
 * const money: Transcoding<Money, [string, string]> = {
 *   name: 'Money',
 *   type: Money,
 *   encode: (m) => [m.currency, m.amount.toString()],
 *   decode: ([currency, amount]) => new Money(currency, BigInt(amount)),
 * };
 * ```
 */
export interface Transcoding<T = unknown, D = unknown> {
  /** The stable tag written with each value; never change it once data is stored. */
  readonly name: string;
  /** The class whose instances this transcoding handles (matched by exact constructor). */
  readonly type: abstract new (...args: never[]) => T;
  /** JSON-compatible data for `value`. */
  encode(value: T): D;
  /** The value `data` stands for. */
  decode(data: D): T;
}
