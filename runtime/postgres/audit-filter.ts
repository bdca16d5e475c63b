/**
 * Audit queries as SQL: a type pattern (`contact.created`, `contact.*`, `contact.>`), tenant,
 * correlation id and a time range become one parameterised WHERE clause.
 */
import { InvalidOptionsError } from "../bus/errors.js";
import { checkOptions, integer, isString, type Shape } from "../bus/option-checks.js";

export interface AuditFilter {
  /** An event name or a pattern: `*` matches one dot-separated token, `>` the rest. */
  type?: string;
  tenantId?: string;
  correlationId?: string;
  /** Events at or after this time (the event's `time`). */
  from?: Date | string;
  /** Events before this time. */
  to?: Date | string;
  /** Default 100. */
  limit?: number;
}

const isTime = (value: unknown, path: string) => {
  const time = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new InvalidOptionsError(path, "must be a Date or an RFC 3339 time");
};

const FILTER: Shape = { type: isString, tenantId: isString, correlationId: isString, from: isTime, to: isTime, limit: integer(1) };

export interface FilterSql {
  where: string;
  values: unknown[];
}

export function filterSql(filter: AuditFilter | undefined, path: string): FilterSql {
  checkOptions(filter, FILTER, path);
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${values.length}`));
  };
  const f = filter ?? {};
  if (f.type !== undefined) {
    if (/[*>]/.test(f.type)) add((p) => `e.type ~ ${p}`, typePatternRegex(f.type, `${path}.type`));
    else add((p) => `e.type = ${p}`, f.type);
  }
  if (f.tenantId !== undefined) add((p) => `e.tenant_id = ${p}`, f.tenantId);
  if (f.correlationId !== undefined) add((p) => `e.correlation_id = ${p}`, f.correlationId);
  if (f.from !== undefined) add((p) => `e.created_at >= ${p}`, new Date(f.from));
  if (f.to !== undefined) add((p) => `e.created_at < ${p}`, new Date(f.to));
  return { where: conditions.length === 0 ? "TRUE" : conditions.join(" AND "), values };
}

/** `contact.*` -> `^contact\.[^.]+$`, `contact.>` -> `^contact\..+$`. */
export function typePatternRegex(pattern: string, path: string): string {
  const tokens = pattern.split(".");
  const parts = tokens.map((token, index) => {
    if (token === "*") return "[^.]+";
    if (token === ">") {
      if (index !== tokens.length - 1) throw new InvalidOptionsError(path, `"${pattern}": ">" may only be the last token`);
      return ".+";
    }
    if (token === "" || /[*>]/.test(token)) throw new InvalidOptionsError(path, `"${pattern}" is not an event name or pattern`);
    return token.replace(/[\\^$.|?+()[\]{}-]/g, "\\$&");
  });
  return `^${parts.join("\\.")}$`;
}
