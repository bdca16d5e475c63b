/**
 * The first YAML error is the real cause, at the character that caused it; what it swallows
 * after it (the parser's cascade) is not reported.
 */
import { describe, expect, it } from "vitest";
import { parseYamlSource } from "../../generator/load/yaml-source.js";

const cases: Array<{ name: string; given: string; want: string[] }> = [
  {
    name: "an unclosed [ is reported at the bracket, once",
    given: "channels:\n  a:\n    servers: [\n    messages:\n      m:\n        name: x\n",
    want: ["3:14 yaml-syntax `[` is never closed: add the `]` that ends this flow sequence"],
  },
  {
    name: "an unclosed { is reported at the brace",
    given: "a:\n  b: {x: 1\n  c: 1\n",
    want: ["2:6 yaml-syntax `{` is never closed: add the `}` that ends this flow mapping"],
  },
  {
    name: "a closed bracket inside a quoted string does not close anything",
    given: "a:\n  b: [\"]\", 1\n  c: 1\n",
    want: ["2:6 yaml-syntax `[` is never closed: add the `]` that ends this flow sequence"],
  },
  {
    name: "an unclosed double quote is reported where it opens",
    given: "a:\n  b: \"abc\n  c: 1\n",
    want: ['2:6 yaml-syntax this double-quoted string is never closed: add the closing "'],
  },
  {
    name: "an apostrophe inside a plain scalar opens no quote",
    given: "a:\n  b: don't\n  c: 'abc\n",
    want: ["3:6 yaml-syntax this single-quoted string is never closed: add the closing '"],
  },
  {
    name: "a tab used as indentation",
    given: "a:\n\tb: 1\n",
    want: ["2:1 yaml-syntax a tab indents this line; YAML indents with spaces only"],
  },
  {
    name: "a duplicate key before the syntax error is its own finding; the cascade after it is not",
    given: "a: 1\na: 2\nb: [\nc: 1\nc: 2\n",
    want: ['2:1 yaml-duplicate-key duplicate key "a": mapping keys must be unique', "3:4 yaml-syntax `[` is never closed: add the `]` that ends this flow sequence"],
  },
  {
    name: "duplicate keys alone are all reported",
    given: "a: 1\na: 2\nb: 1\nb: 2\n",
    want: ['2:1 yaml-duplicate-key duplicate key "a": mapping keys must be unique', '4:1 yaml-duplicate-key duplicate key "b": mapping keys must be unique'],
  },
];

describe("YAML errors", () => {
  it.each(cases)("$name", ({ given, want }) => {
    const { diagnostics } = parseYamlSource("asyncapi.yaml", given);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual(want);
  });
});
