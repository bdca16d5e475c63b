import { describe, expect, it } from "vitest";
import { compactJson } from "../../generator/emit/docs/compact-json.js";

describe("compactJson", () => {
  it.each([
    { name: "scalars", given: [1, "a\"b", true, null], width: 80, want: '[1, "a\\"b", true, null]' },
    { name: "what JSON leaves out", given: { a: undefined, b: () => 1, c: new Date(0) }, width: 80, want: '{ "c": "1970-01-01T00:00:00.000Z" }' },
    { name: "empty containers", given: { a: {}, b: [] }, width: 10, want: '{\n  "a": {},\n  "b": []\n}' },
    {
      name: "a short member on one line, a long one opened",
      given: { id: "x", actor: { id: "1", kind: "user" }, tags: ["a", "b", "c", "d", "e", "f", "g", "h"] },
      width: 44,
      want: '{\n  "id": "x",\n  "actor": { "id": "1", "kind": "user" },\n  "tags": [\n    "a",\n    "b",\n    "c",\n    "d",\n    "e",\n    "f",\n    "g",\n    "h"\n  ]\n}',
    },
  ])("$name", ({ given, width, want }) => {
    const text = compactJson(given, width);
    expect(text).toBe(want);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(given)));
  });
});
