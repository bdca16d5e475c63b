/**
 * Option checking: unknown keys and bad values are errors that name the option (its path),
 * never silently ignored. Shared by the bus, the memory transport and the testing helpers.
 */
import { InvalidOptionsError } from "./errors.js";

export type Shape = Record<string, (value: unknown, path: string) => void>;

const GROUP_NAME = /^[A-Za-z0-9_-]{1,128}$/;

export const isString = (value: unknown, path: string) => {
  if (typeof value !== "string" || value === "") throw new InvalidOptionsError(path, "must be a non-empty string");
};
export const isFunction = (value: unknown, path: string) => {
  if (typeof value !== "function") throw new InvalidOptionsError(path, "must be a function");
};
export const isSignal = (value: unknown, path: string) => {
  if (!(value instanceof AbortSignal)) throw new InvalidOptionsError(path, "must be an AbortSignal");
};
export const isObject = (value: unknown, path: string) => {
  if (typeof value !== "object" || value === null) throw new InvalidOptionsError(path, "must be an object");
};
export const integer = (min: number) => (value: unknown, path: string) => {
  if (!Number.isInteger(value) || (value as number) < min) throw new InvalidOptionsError(path, `must be an integer >= ${min}`);
};
export const duration = (value: unknown, path: string) => {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionsError(path, "must be a positive number of milliseconds");
  }
};
export const isGroup = (value: unknown, path: string) => {
  if (typeof value !== "string" || !GROUP_NAME.test(value)) {
    throw new InvalidOptionsError(path, "must be 1-128 characters of A-Z, a-z, 0-9, _ or - (it names a broker consumer)");
  }
};

/** Checks `value` against `shape`: unknown keys and invalid values throw. Undefined values are allowed. */
export function checkOptions(value: unknown, shape: Shape, path: string): void {
  if (value === undefined) return;
  isObject(value, path);
  for (const key of Object.keys(value as object)) {
    const check = shape[key];
    if (check === undefined) {
      throw new InvalidOptionsError(`${path}.${key}`, `unknown option (expected one of ${Object.keys(shape).join(", ")})`);
    }
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) check(field, `${path}.${key}`);
  }
}

