/**
 * A ⊆ B for one object alternative of each side: every key A may send (declared, by pattern,
 * undeclared), required keys, property counts, dependencies and property names. Under the
 * lenient policy A arrives here already closed (its undeclared keys absent).
 */
import { conjoin, subOf, synthetic, where, type Cursor, type Sub } from "./cursor.js";
import type { ObjectAlt } from "./norm.js";
import { declaredKeys, hasPatterns, patternsDisjoint, restSchema, schemaFor } from "./object-keys.js";
import { keywordChange, newer, type Problem } from "./problem.js";
import type { Checker } from "./checker.js";

export function compareObject(c: Checker, x: ObjectAlt, y: ObjectAlt): Problem[] {
  const at = newer(c, x.origin, y.origin);
  const problems: Problem[] = [];
  const canHave = (key: string) => {
    const sub = schemaFor(x, key);
    return !sub || !c.emptiness.sub(sub, 0);
  };
  const keys = [...new Set([...declaredKeys(x), ...declaredKeys(y), ...y.required])].sort();
  for (const key of keys) {
    const ys = schemaFor(y, key);
    const xs = schemaFor(x, key);
    const possible = canHave(key);
    if (y.required.includes(key) && (!x.required.includes(key) || !possible)) problems.push(requiredProblem(c, key, xs, ys, at));
    if (!possible || !ys) continue;
    if (c.emptiness.sub(ys, 0)) {
      problems.push(notAllowed(c, key, xs?.parts[0]!.cursor, x.origin));
      continue;
    }
    if (xs) {
      problems.push(...c.includes(xs, ys));
      continue;
    }
    // A says nothing about the key (an open object: strict policy, or a free-form map): any value may come
    if (c.includes(anyValue(x.origin, key), ys).length > 0) {
      const message = c.bIsNew
        ? `property \`${key}\` added to ${where(at)} with a schema; before, the open object accepted any value for it`
        : `property \`${key}\` removed from ${where(at)}: the new open object accepts any value for it, which the old schema may reject`;
      problems.push({ rule: "additional-properties", at: ys.parts[0]!.cursor, message });
    }
  }
  problems.push(...undeclaredKeys(c, x, y, at), ...counts(c, x, y, at), ...dependencies(c, x, y, at, canHave), ...propertyNames(c, x, y, at, keys.filter(canHave)));
  return problems;
}

function anyValue(origin: Cursor, key: string): Sub {
  return subOf(synthetic(origin, "any", true, ["properties", key], `/${key}`));
}

function requiredProblem(c: Checker, key: string, xs: Sub | undefined, ys: Sub | undefined, object: Cursor): Problem {
  const node = newer(c, xs?.parts[0]?.cursor, ys?.parts[0]?.cursor) as Cursor | undefined;
  const of = object.data === "" ? "" : ` in ${object.data}`;
  const message = c.bIsNew ? `property \`${key}\`${of} became required` : `property \`${key}\`${of} is no longer required`;
  // named by the property's own pointer, also when a side only has it through `required` or additionalProperties
  const own = node && !node.synthetic && node.data === `${object.data}/${key}`;
  return { rule: "property-required", at: own ? node : anyValue(object, key).parts[0]!.cursor, message };
}

function notAllowed(c: Checker, key: string, property: Cursor | undefined, object: Cursor): Problem {
  const message = c.bIsNew
    ? `property \`${key}\` is no longer allowed in ${where(object)} (removed from a closed object)`
    : `property \`${key}\` added to ${where(object)}, but the old schema does not allow it (closed object)`;
  // A's property: on the old side for a removal (backward), on the new side for an addition (forward)
  const at = property && !property.synthetic && property.data === `${object.data}/${key}` ? property : anyValue(object, key).parts[0]!.cursor;
  return { rule: "property-not-allowed", at, message };
}

/** Keys A may send that neither side declares: A's patterns and additionalProperties against B's. */
function undeclaredKeys(c: Checker, x: ObjectAlt, y: ObjectAlt, at: Cursor): Problem[] {
  const xRest = restSchema(x);
  const yRest = restSchema(y);
  const yPatterns = y.parts.flatMap((p) => p.patterns);
  const xPatterns = [...new Set(x.parts.flatMap((p) => p.patterns.map((q) => q.source)))];
  // keys matching a pattern of A follow every part's schema for that pattern
  const sources: Array<{ sub: Sub; pattern?: string }> = xPatterns.map((pattern) => ({
    pattern,
    sub: conjoin(...x.parts.flatMap((p) => p.patterns.filter((q) => q.source === pattern).map((q) => q.sub))),
  }));
  if (!xRest || !c.emptiness.sub(xRest, 0)) sources.push({ sub: xRest ?? anyValue(x.origin, "*") });
  const problems: Problem[] = [];
  for (const source of sources) {
    // keys of the rest match none of A's patterns, so not B's copies of them either
    const targets = yPatterns.filter((q) =>
      source.pattern === undefined ? !xPatterns.includes(q.source) : q.source === source.pattern || !patternsDisjoint(q.source, source.pattern),
    );
    const sameOnB = source.pattern !== undefined && yPatterns.some((q) => q.source === source.pattern);
    const checks = [...targets.map((q) => q.sub), ...(yRest && !sameOnB ? [yRest] : [])];
    if (!hasPatterns(x) && !hasPatterns(y) && yRest && c.emptiness.sub(yRest, 0)) {
      const message = c.bIsNew
        ? `undeclared properties are no longer allowed in ${where(at)} (\`additionalProperties: false\`)`
        : `undeclared properties are now allowed in ${where(at)}, which the old schema rejects`;
      problems.push({ rule: "additional-properties", at, message });
      continue;
    }
    for (const target of checks) {
      const found = c.includes(source.sub, target);
      if (found.length === 0) continue;
      const what = source.pattern === undefined ? "undeclared properties" : `properties matching \`${source.pattern}\``;
      problems.push({ rule: "additional-properties", at, message: `${what} of ${where(at)}: ${found[0]!.message}` });
    }
  }
  return problems;
}

function counts(c: Checker, x: ObjectAlt, y: ObjectAlt, at: Cursor): Problem[] {
  const problems: Problem[] = [];
  const xMin = Math.max(x.minProperties, x.required.length);
  let xMax = x.maxProperties;
  const xRest = restSchema(x);
  if (!hasPatterns(x) && xRest && c.emptiness.sub(xRest, 0)) {
    const possible = declaredKeys(x).filter((k) => !c.emptiness.sub(schemaFor(x, k)!, 0)).length;
    xMax = xMax === undefined ? possible : Math.min(xMax, possible);
  }
  if (y.minProperties > xMin) problems.push({ rule: "property-count", at, message: keywordChange(c, "minProperties", x.minProperties || undefined, y.minProperties, at) });
  if (y.maxProperties !== undefined && (xMax === undefined || xMax > y.maxProperties)) {
    problems.push({ rule: "property-count", at, message: keywordChange(c, "maxProperties", x.maxProperties, y.maxProperties, at) });
  }
  return problems;
}

function dependencies(c: Checker, x: ObjectAlt, y: ObjectAlt, at: Cursor, canHave: (key: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  for (const { key, requires } of y.dependentRequired) {
    if (!canHave(key)) continue;
    for (const needed of requires) {
      if (needed === key || x.required.includes(needed) || x.dependentRequired.some((d) => d.key === key && d.requires.includes(needed))) continue;
      const message = c.bIsNew
        ? `property \`${needed}\` is now required in ${where(at)} when \`${key}\` is present`
        : `property \`${needed}\` is no longer required in ${where(at)} when \`${key}\` is present`;
      problems.push({ rule: "dependencies", at, message });
    }
  }
  for (const { key, sub } of y.dependentSchemas) {
    if (!canHave(key)) continue;
    if (x.dependentSchemas.some((d) => d.key === key && c.includes(d.sub, sub).length === 0)) continue;
    const found = c.altWithin(x, sub);
    if (found.length === 0) continue;
    problems.push({ rule: "dependencies", at, message: `when \`${key}\` is present in ${where(at)}: ${found[0]!.message}` });
  }
  return problems;
}

function propertyNames(c: Checker, x: ObjectAlt, y: ObjectAlt, at: Cursor, keys: string[]): Problem[] {
  const problems: Problem[] = [];
  const xRest = restSchema(x);
  const undeclared = hasPatterns(x) || !xRest || !c.emptiness.sub(xRest, 0);
  for (const names of y.propertyNames) {
    const rejected = keys.filter((key) => !c.evaluator.sub(names, key));
    for (const key of rejected) {
      const message = c.bIsNew ? `property name \`${key}\` is no longer allowed in ${where(at)} (\`propertyNames\`)` : `property name \`${key}\` is now allowed in ${where(at)}, which the old \`propertyNames\` rejects`;
      problems.push({ rule: "property-names", at, message });
    }
    if (undeclared && !x.propertyNames.some((own) => c.includes(own, names).length === 0)) {
      problems.push({ rule: "property-names", at, message: keywordChange(c, "propertyNames", x.propertyNames.length ? "(other)" : undefined, "(schema)", at) });
    }
  }
  return problems;
}
