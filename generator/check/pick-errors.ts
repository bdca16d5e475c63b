/**
 * Picks, from ajv's raw errors, the ones worth showing. The AsyncAPI schema is mostly
 * `oneOf: [Reference, X]`, `if/then/else` and lists of alternatives (security schemes,
 * bindings), so one typo comes back as a pile: an error per alternative, then "must match
 * exactly one schema in oneOf". For each failed list of alternatives this re-validates the
 * value against every alternative alone, keeps the errors of the one the value was evidently
 * meant to be (the cheapest to fix), and drops the summaries. Payload schemas with `oneOf`
 * (examples) get the same treatment.
 */
import type { ErrorObject, ValidateFunction } from "ajv";

/** Validators for each alternative of a failed `oneOf`/`anyOf` error; undefined when unknown. */
export type Alternatives = (error: ErrorObject) => ValidateFunction[] | undefined;

/**
 * Costs of an alternative's errors. Failing at its root (wrong type, not a `$ref`) means "not
 * this one"; a discriminator (`type: X509`) mismatch nearly so; a key it does not know at its
 * root suggests another alternative; anything deeper is an ordinary mistake inside the right one.
 */
const NOT_THIS_ONE = 1000;
const WRONG_KIND = 100;
const UNKNOWN_KEY = 10;

export function pickErrors(errors: readonly ErrorObject[], alternatives: Alternatives): ErrorObject[] {
  let pending = [...errors];
  const picked: ErrorObject[] = [];
  for (;;) {
    const outer = outermostFailedAlternative(pending);
    if (!outer) break;
    const path = outer.instancePath;
    const validators = alternatives(outer);
    if (!validators || validators.length === 0) {
      pending = pending.filter((e) => e !== outer); // unknown alternatives: fall back to the plain filter
      continue;
    }
    const raw = validators.map((validate) => alternativeErrors(validate, outer));
    const fromAlternatives = new Set(raw.flat().map(errorKey));
    pending = pending.filter((e) => e !== outer && !(within(e.instancePath, path) && fromAlternatives.has(errorKey(e))));
    const explained = raw.map((list) => pickErrors(list, alternatives));
    // the cheapest to fix; on a tie, the one the value got furthest into
    let best = 0;
    explained.forEach((list, index) => {
      const [a, b] = [cost(list, path), cost(explained[best]!, path)];
      if (a < b || (a === b && reach(list) > reach(explained[best]!))) best = index;
    });
    picked.push(...(explained[best]!.length > 0 ? explained[best]! : [outer]));
  }
  return dropNoise([...pending, ...picked]);
}

/** The failed oneOf/anyOf nearest the root; of several on one node the last (ajv reports nested ones first). */
function outermostFailedAlternative(errors: readonly ErrorObject[]): ErrorObject | undefined {
  let outer: ErrorObject | undefined;
  for (const e of errors) {
    const failed = e.keyword === "anyOf" || (e.keyword === "oneOf" && !Array.isArray(e.params["passingSchemas"]));
    if (failed && (!outer || e.instancePath.length <= outer.instancePath.length)) outer = e;
  }
  return outer;
}

function alternativeErrors(validate: ValidateFunction, outer: ErrorObject): ErrorObject[] {
  if (validate(outer.data)) return [];
  return (validate.errors ?? []).map((e) => ({ ...e, instancePath: outer.instancePath + e.instancePath }));
}

function cost(errors: readonly ErrorObject[], path: string): number {
  let total = 0;
  for (const e of errors) {
    const depth = e.instancePath === path ? 0 : e.instancePath.slice(path.length).split("/").length - 1;
    if (depth === 0 && (e.keyword === "type" || e.keyword === "false schema" || isReferenceMiss(e))) total += NOT_THIS_ONE;
    else if (depth <= 1 && (e.keyword === "enum" || e.keyword === "const")) total += WRONG_KIND;
    else if (depth === 0 && e.keyword === "additionalProperties") total += UNKNOWN_KEY;
    else total += 1;
  }
  return total;
}

function reach(errors: readonly ErrorObject[]): number {
  return Math.max(0, ...errors.map((e) => e.instancePath.split("/").length));
}

/**
 * What remains after alternatives are resolved: summaries ("must match a schema in anyOf",
 * `if`) and Reference-Object misses are dropped when a specific error explains the same
 * node, and "must be object" when the node has errors of another kind.
 */
function dropNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => !isSummary(e));
  const explained = (path: string, ignoreTypes: boolean) =>
    specific.some((e) => within(e.instancePath, path) && !(ignoreTypes && e.keyword === "type"));
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (isSummary(e) ? explained(e.instancePath, false) : e.keyword === "type" && explained(e.instancePath, true)) return false;
    const key = errorKey(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isSummary(e: ErrorObject): boolean {
  if (e.keyword === "oneOf") return !Array.isArray(e.params["passingSchemas"]); // several passing: a real finding
  return e.keyword === "anyOf" || e.keyword === "if" || isReferenceMiss(e);
}

/** The Reference Object alternative failing on a value that is not a reference. */
function isReferenceMiss(e: ErrorObject): boolean {
  return e.keyword === "required" && e.params["missingProperty"] === "$ref";
}

function within(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor + "/");
}

function errorKey(e: ErrorObject): string {
  return `${e.instancePath}\0${e.keyword}\0${JSON.stringify(e.params)}`;
}
