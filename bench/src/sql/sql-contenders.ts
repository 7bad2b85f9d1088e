/** The contenders of the SQL suite; the first is the one the others are compared with. */
export const SQL_CONTENDERS = ['annals', 'raw', 'emmett'] as const;

export type SqlContenderName = (typeof SQL_CONTENDERS)[number];
