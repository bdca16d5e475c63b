/** `dropUnusedSchemas`: a `const schemaN = ...;` no code reads is dropped; one read is kept, and text inside strings never counts as code. */
import { describe, expect, it } from "vitest";
import { dropUnusedSchemas } from "../../generator/emit/validators/unused-schemas.js";

const cases = [
  { given: "an unread schema", code: 'const schema6 = {"type":"string","enum":["a;b"]};function validate1(){}', want: "function validate1(){}" },
  { given: "a read schema", code: 'const schema7 = {"enum":[1]};function v(d){return schema7.enum.includes(d);}', want: 'const schema7 = {"enum":[1]};function v(d){return schema7.enum.includes(d);}' },
  { given: "its name inside a string", code: 'const schema8 = {"a":1};const schema9 = {"description":"schema8 is ;const schema8 = {"};', want: "" },
  { given: "nested braces and brackets", code: 'const schema1 = {"a":[{"b":{"c":[1,[2]]}}]};const x = 1;', want: "const x = 1;" },
  { given: "other constants", code: "const pattern0 = /*@__PURE__*/ new RegExp(\"^a$\", \"u\");const func0 = f;", want: "const pattern0 = /*@__PURE__*/ new RegExp(\"^a$\", \"u\");const func0 = f;" },
];

describe("dropUnusedSchemas", () => {
  it.each(cases)("$given", ({ code, want }) => {
    expect(dropUnusedSchemas(code)).toBe(want);
  });
});
