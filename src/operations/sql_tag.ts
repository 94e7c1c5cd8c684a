/** SQL with bound values, written as a tagged template: sql`UPDATE t SET a = ${value}`. */
export interface SqlFragment {
  readonly sql: string;
  readonly values: readonly unknown[];
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  return { sql: strings.join("?"), values };
}

export function isSqlFragment(value: unknown): value is SqlFragment {
  return typeof value === "object" && value !== null && typeof (value as SqlFragment).sql === "string" && Array.isArray((value as SqlFragment).values);
}
