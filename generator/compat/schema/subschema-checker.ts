/**
 * The subschema check: is every value valid under A also valid under B (A ⊆ B)? Sound by
 * construction: each step either proves inclusion, or reports a problem (with a witness value
 * when one is found, else saying compatibility could not be proven). Recursive schemas are
 * handled coinductively: a pair already being checked is assumed to hold, which is sound for
 * the finite values JSON has.
 */
import { Evaluator } from "./accepts.js";
import type { Checker } from "./checker.js";
import { compareArray } from "./compare-array.js";
import { compareObject } from "./compare-object.js";
import { compareNumber, compareString, numberUnionGap } from "./compare-scalar.js";
import { subKey, where, type Cursor, type Sub } from "./cursor.js";
import { Emptiness, numberRange } from "./empty.js";
import { intersectAlt, intersectNorm } from "./intersect.js";
import { isTrueSub, type Alt, type Norm } from "./norm.js";
import type { Normalizer } from "./normalize.js";
import { closeUndeclared } from "./object-keys.js";
import { mergeProblems, newer, show, type Problem } from "./problem.js";
import { Sampler } from "./sample.js";
import type { SchemaEquality } from "./schema-equal.js";

export interface CheckOptions {
  /** Undeclared properties of an open object on the A side count as absent. */
  lenient: boolean;
  /** A is the old schema (backward check); false: A is the new one (forward). */
  bIsNew: boolean;
}

const MAX_ENUMERATED = 32;

export class SubschemaChecker implements Checker {
  readonly lenient: boolean;
  readonly bIsNew: boolean;
  readonly evaluator: Evaluator;
  readonly emptiness: Emptiness;
  readonly sampler: Sampler;
  private readonly active = new Set<string>();
  private readonly memo = new Map<string, Problem[]>();

  constructor(
    readonly normalizer: Normalizer,
    private readonly equality: SchemaEquality,
    options: CheckOptions,
  ) {
    this.lenient = options.lenient;
    this.bIsNew = options.bIsNew;
    this.evaluator = new Evaluator(normalizer);
    this.emptiness = new Emptiness(normalizer, this.evaluator);
    this.sampler = new Sampler(normalizer, this.evaluator);
  }

  /** Problems that keep A ⊆ B from holding, merged per rule and node. */
  check(a: Sub, b: Sub): Problem[] {
    return mergeProblems(this.includes(a, b));
  }

  includes(a: Sub, b: Sub): Problem[] {
    if (isTrueSub(b) || this.identical(a, b)) return [];
    const pair = `${subKey(a)}|${subKey(b)}`;
    const memoKey = `${pair}@${a.parts[0]?.cursor.path}@${b.parts[0]?.cursor.path}`;
    const known = this.memo.get(memoKey);
    if (known) return known;
    if (this.active.has(pair)) return [];
    this.active.add(pair);
    try {
      const problems = this.norms(this.normalizer.sub(a), this.normalizer.sub(b), b.parts[0]?.cursor);
      this.memo.set(memoKey, problems);
      return problems;
    } finally {
      this.active.delete(pair);
    }
  }

  /** Same schema on both sides (parts that accept everything, like a lenient object's declared keys, aside). */
  private identical(a: Sub, b: Sub): boolean {
    const [xs, ys] = [a.parts.filter((p) => !isTrueSub({ parts: [p] })), b.parts.filter((p) => !isTrueSub({ parts: [p] }))];
    if (xs.length !== 1 || ys.length !== 1) return false;
    const [x, y] = [xs[0]!, ys[0]!];
    return !x.negated && !y.negated && x.cursor.synthetic === y.cursor.synthetic && this.equality.same(x.cursor.schema, y.cursor.schema);
  }

  private norms(a: Norm, b: Norm, anchor: Cursor | undefined): Problem[] {
    const problems: Problem[] = [];
    const open: Alt[] = [];
    const lost: Alt[] = [];
    for (const raw of a.alts) {
      const x = this.lenient && raw.type === "object" ? closeUndeclared(raw) : raw;
      if (this.emptiness.alt(x)) continue;
      let ys = b.alts.filter((y) => y.type === x.type);
      if (ys.length === 0) {
        lost.push(x);
        continue;
      }
      const values = this.finiteValues(x);
      if (values) {
        for (const value of values) if (!this.evaluator.norm(b, value)) problems.push(this.valueProblem(x, ys, value));
        continue;
      }
      open.push(x);
      // branches that no value of x can match (e.g. another discriminator value) are no cover
      const overlapping = ys.length > 1 ? ys.filter((y) => !this.emptiness.alt(intersectAlt(x, y))) : ys;
      if (overlapping.length === 1) ys = overlapping;
      const results = ys.map((y) => this.alt(x, y));
      if (results.some((r) => r.length === 0)) continue;
      if (ys.length === 1) {
        problems.push(...results[0]!);
        continue;
      }
      const gap = x.type === "number" ? numberUnionGap(x, ys as Extract<Alt, { type: "number" }>[]) : NaN;
      if (gap !== undefined) problems.push(this.branchProblem(x, ys, b, results, Number.isNaN(gap) ? undefined : gap));
    }
    if (lost.length > 0) problems.unshift(this.typeProblem(lost, b, anchor));
    if (open.length > 0) problems.push(...this.overlaps({ alts: open, groups: a.groups }, b));
    return problems;
  }

  /** Problems with "every value of the alternative x is valid under b". */
  altWithin(x: Alt, b: Sub): Problem[] {
    return this.norms({ alts: [x], groups: [] }, this.normalizer.sub(b), b.parts[0]?.cursor);
  }

  alt(x: Alt, y: Alt): Problem[] {
    const common = this.extrasProblems(x, y);
    for (const value of y.notEnum) if (this.evaluator.alt(x, value)) common.push(this.valueProblem(x, [y], value, true));
    if (y.enum && !x.enum) {
      const value = this.witness(x, { alts: [y], groups: [] });
      return [...common, this.valueProblem(x, [y], value, true)];
    }
    switch (x.type) {
      case "number":
        return [...common, ...compareNumber(this, x, y as typeof x)];
      case "string":
        return [...common, ...compareString(this, x, y as typeof x)];
      case "array":
        return [...common, ...compareArray(this, x, y as typeof x)];
      case "object":
        return [...common, ...compareObject(this, x, y as typeof x)];
      default:
        return common;
    }
  }

  /** A value valid under `x` and invalid under `b`, if the candidates hold one. */
  witness(x: Alt, b: Norm): unknown {
    for (const value of this.sampler.alt(x)) if (this.evaluator.alt(x, value) && !this.evaluator.norm(b, value)) return value;
    return undefined;
  }

  /** Values of a finite alternative (enum, null, booleans, short integer ranges). */
  private finiteValues(x: Alt): unknown[] | undefined {
    let candidates: unknown[] | undefined;
    if (x.enum) candidates = x.enum;
    else if (x.type === "null") candidates = [null];
    else if (x.type === "boolean") candidates = [true, false];
    else if (x.type === "number" && x.integer) {
      const range = numberRange(x);
      if (range?.low && range.high && range.high.value - range.low.value < MAX_ENUMERATED) {
        candidates = Array.from({ length: range.high.value - range.low.value + 1 }, (_, i) => range.low!.value + i);
      }
    } else if (x.type === "string" && x.maxLength === 0) candidates = [""];
    return candidates?.filter((v) => this.evaluator.alt(x, v));
  }

  private extrasProblems(x: Alt, y: Alt): Problem[] {
    const missing = y.extras.filter((e) => !x.extras.some((f) => f.negated === e.negated && this.equality.same(f.cursor.schema, e.cursor.schema)));
    return missing.map((extra) => ({
      rule: "unprovable" as const,
      at: newer(this, x.origin, extra.cursor),
      message: `could not prove compatibility at ${where(extra.cursor)}: \`${extra.cursor.path.split("/").pop()}\` is too complex to compare`,
    }));
  }

  /** The JSON types of A that B does not accept at all, in one problem. */
  private typeProblem(xs: Alt[], b: Norm, anchor: Cursor | undefined): Problem {
    const at = newer(this, xs[0]!.origin, anchor);
    const names = [...new Set(xs.map((x) => `\`${x.type === "number" && x.integer ? "integer" : x.type}\``))];
    const types = names.length === 1 ? `type ${names[0]} is` : `types ${names.join(", ")} are`;
    let message: string;
    if (b.alts.length === 0) message = this.bIsNew ? `${where(at)} no longer accepts any value` : `${where(at)} accepted no value before and now does`;
    else message = this.bIsNew ? `${types} no longer accepted at ${where(at)}` : `${types} now accepted at ${where(at)}, which the old schema rejects`;
    return { rule: "type-changed", at, message };
  }


  /** A concrete value valid under A and rejected by B (or, without one, an enum restriction). */
  private valueProblem(x: Alt, ys: Alt[], value: unknown, enumRestriction = false): Problem {
    const enumeration = ys.find((y) => y.enum || y.notEnum.length);
    const at = newer(this, x.origin, (enumeration ?? ys[0])!.origin);
    if (enumRestriction && value === undefined) {
      const message = this.bIsNew ? `\`enum\` added to ${where(at)}` : `\`enum\` removed from ${where(at)}`;
      return { rule: "enum-changed", at, message };
    }
    if (enumeration || enumRestriction) {
      const message = this.bIsNew ? `value ${show(value)} is no longer accepted at ${where(at)}` : `value ${show(value)} is now accepted at ${where(at)}, which the old schema rejects`;
      return { rule: "enum-changed", at, message };
    }
    const reasons = ys.map((y) => this.alt({ ...x, enum: [value] }, y)).find((r) => r.length > 0) ?? [];
    const reason = reasons[0];
    const suffix = reason ? ` (${reason.message})` : "";
    const message = this.bIsNew ? `value ${show(value)} at ${where(at)} is no longer accepted${suffix}` : `value ${show(value)} at ${where(at)} is now accepted, which the old schema rejects${suffix}`;
    return { rule: reason?.rule ?? "enum-changed", at: reason?.at ?? at, message };
  }

  private branchProblem(x: Alt, ys: Alt[], b: Norm, results: Problem[][], candidate?: unknown): Problem {
    const confirmed = candidate !== undefined && this.evaluator.alt(x, candidate) && !this.evaluator.norm(b, candidate);
    const value = confirmed ? candidate : this.witness(x, b);
    const at = newer(this, x.origin, ys[0]!.origin);
    const side = this.bIsNew ? "the new schema" : "the old schema";
    if (value !== undefined) {
      return { rule: "branches", at, message: `value ${show(value)} at ${where(at)} matches none of the ${ys.length} ${x.type} branches of ${side}` };
    }
    const closest = [...results].sort((r, s) => r.length - s.length)[0]![0]!;
    return {
      rule: "branches",
      at,
      message: `could not prove that every ${x.type} at ${where(at)} matches one of the ${ys.length} branches of ${side} (closest: ${closest.message})`,
    };
  }

  /** oneOf groups of B: a value of A matching two branches is rejected by B. */
  private overlaps(a: Norm, b: Norm): Problem[] {
    const problems: Problem[] = [];
    for (const group of b.groups) {
      // A has the same oneOf: its values already match exactly one branch
      if (a.groups.some((own) => !own.conditional && this.equality.same(own.cursor.schema, group.cursor.schema))) continue;
      for (let i = 0; i < group.branches.length; i++) {
        for (let j = i + 1; j < group.branches.length; j++) {
          const both = intersectNorm(intersectNorm({ alts: a.alts, groups: [] }, group.branches[i]!), group.branches[j]!);
          const live = both.alts.filter((alt) => !this.emptiness.alt(alt));
          if (live.length === 0) continue;
          const value = live.flatMap((alt) => this.sampler.alt(alt).filter((v) => this.evaluator.alt(alt, v)).slice(0, 1))[0];
          const example = value === undefined ? "" : ` (e.g. ${show(value)})`;
          const at = newer(this, a.alts[0]!.origin, group.cursor);
          const message = this.bIsNew
            ? `oneOf branches ${i + 1} and ${j + 1} at ${where(group.cursor)} overlap: a value may match both${example} and is then rejected`
            : `oneOf branches ${i + 1} and ${j + 1} of the old schema at ${where(group.cursor)} overlap for values the new schema allows${example}: such a value matches both and is rejected`;
          problems.push({ rule: "one-of-overlap", at, message });
        }
      }
    }
    return problems;
  }
}
