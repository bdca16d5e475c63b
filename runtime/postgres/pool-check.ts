/** Option checks shared by postgresOutbox, postgresInbox and postgresAudit. */
import { InvalidOptionsError } from "../bus/errors.js";

export function isPool(value: unknown, path: string): void {
  const pool = value as { connect?: unknown; query?: unknown } | null;
  if (typeof pool !== "object" || pool === null || typeof pool.connect !== "function" || typeof pool.query !== "function") {
    throw new InvalidOptionsError(path, "must be a pg.Pool");
  }
}
