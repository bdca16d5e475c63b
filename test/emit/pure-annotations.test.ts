/** `markPureConstructors`: code's `new RegExp(` gets `/*@__PURE__*\/`, text inside strings and regex literals never does. */
import { describe, expect, it } from "vitest";
import { markPureConstructors } from "../../generator/emit/validators/pure-annotations.js";

const cases = [
  { given: "a pattern constant", code: 'const pattern0 = new RegExp("^a+$", "u");', want: 'const pattern0 = /*@__PURE__*/ new RegExp("^a+$", "u");' },
  { given: "two of them", code: "const a = new RegExp(x);const b = new RegExp(y);", want: "const a = /*@__PURE__*/ new RegExp(x);const b = /*@__PURE__*/ new RegExp(y);" },
  { given: "the words inside a schema string", code: 'const schema0 = {"description":"see ;const p = new RegExp(\\"x\\")"};', want: 'const schema0 = {"description":"see ;const p = new RegExp(\\"x\\")"};' },
  { given: "a regex literal before the call", code: 'const f = /"/;const p = new RegExp("\\"");', want: 'const f = /"/;const p = /*@__PURE__*/ new RegExp("\\"");' },
  { given: "another constructor", code: "const m = new Map();", want: "const m = new Map();" },
];

describe("markPureConstructors", () => {
  it.each(cases)("$given", ({ code, want }) => {
    expect(markPureConstructors(code)).toBe(want);
  });
});
