/**
 * What the per-type comparisons (compare-object, compare-array, compare-scalar) need from the
 * subschema checker, as an interface: they recurse through it without importing the checker,
 * which imports them.
 */
import type { Evaluator } from "./accepts.js";
import type { Sub } from "./cursor.js";
import type { Emptiness } from "./empty.js";
import type { Alt } from "./norm.js";
import type { Perspective, Problem } from "./problem.js";
import type { Sampler } from "./sample.js";

export interface Checker extends Perspective {
  readonly evaluator: Evaluator;
  readonly emptiness: Emptiness;
  readonly sampler: Sampler;
  /** Problems with "every value of `a` is valid under `b`". */
  includes(a: Sub, b: Sub): Problem[];
  /** Problems with "every value of the alternative `x` is valid under `b`". */
  altWithin(x: Alt, b: Sub): Problem[];
}
