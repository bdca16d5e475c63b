/**
 * Whether an example value is valid against an event's validator, found once when codegen
 * compiles the validator (see compile-validators) and kept by (validator hash, part, value):
 * the check and the docs ask the same question of the same module.
 */

/** Verdicts by `verdictKey`. */
export type ExampleVerdicts = ReadonlyMap<string, boolean>;

/** A value's identity for a verdict; non-finite numbers (YAML `.nan`, `.inf`) are not JSON `null`. */
export function verdictKey(hash: string, part: "payload" | "headers", value: unknown): string {
  const json = JSON.stringify(value, (_, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? { "\u0000number": String(v) } : v));
  return `${hash}\u0000${part}\u0000${json}`;
}
