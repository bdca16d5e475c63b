/** `indentBlocks`: ajv's one-statement-a-line code indented by its blocks. */
import { describe, expect, it } from "vitest";
import { indentBlocks } from "../../generator/emit/validators/indent-blocks.js";

const cases = [
  { given: "nested blocks", code: "function v(d){\nif(a){\nx();\n}\nelse {\ny();\n}\n}", want: "function v(d){\n  if(a){\n    x();\n  }\n  else {\n    y();\n  }\n}" },
  { given: "a brace inside a string mid-line", code: 'if(a){\nconst e = {message:"must match \\"{\\""};\n}', want: 'if(a){\n  const e = {message:"must match \\"{\\""};\n}' },
  { given: "blank lines stay empty", code: "a;\n\nb;", want: "a;\n\nb;" },
];

describe("indentBlocks", () => {
  it.each(cases)("$given", ({ code, want }) => {
    expect(indentBlocks(code)).toBe(want);
  });
});
