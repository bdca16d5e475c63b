/**
 * The fast YAML path (js-yaml) against the `yaml` package: where it answers, the same values and
 * the same position for every node; where `yaml` reports a problem, it never answers (so the
 * problem is reported exactly as before). Over every YAML and JSON file of the repository and
 * the AsyncAPI corpus, and over documents written to probe the differences between parsers.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticCatalog } from "../../bench/synthetic-catalog.js";
import { fastParse } from "../../generator/load/fast-yaml.js";
import { parseWithYaml } from "../../generator/load/yaml-source.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SOURCES = [join(ROOT, "catalog"), join(ROOT, "test/fixtures")];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ya?ml|json)$/i.test(name) ? [path] : [];
  });
}

/** The fast path's answer in `yaml`'s terms: data and the line:column of every node it located. */
function compare(text: string): "fallback" | { fast: unknown; slow: unknown } {
  const fast = fastParse(text);
  if (!fast) return "fallback";
  const slow = parseWithYaml("f", text);
  const lineOf = (offset: number) => {
    const before = text.slice(0, offset).split("\n");
    return `${before.length}:${before.at(-1)!.length + 1}`;
  };
  const located = (locate: (pointer: string) => { line: number; column: number }) =>
    Object.fromEntries([...fast.offsets.keys()].map((pointer) => [pointer, ((at) => `${at.line}:${at.column}`)(locate(pointer))]));
  return {
    fast: { data: fast.data, positions: Object.fromEntries([...fast.offsets].map(([pointer, offset]) => [pointer, lineOf(offset)])) },
    slow: { data: slow.diagnostics.length > 0 ? slow.diagnostics : slow.data, positions: located(slow.locate) },
  };
}

describe("fast YAML path", () => {
  const corpus = SOURCES.flatMap((dir) => files(dir)).map((path) => [path.slice(ROOT.length + 1), readFileSync(path, "utf8")] as const);
  const synthetic = Object.entries(syntheticCatalog({ events: 60 })).map(([name, text]) => [`synthetic/${name}`, text] as const);

  it.each([...corpus, ...synthetic])("%s: the values and positions yaml gives", (_, text) => {
    const outcome = compare(text);
    if (outcome !== "fallback") expect(outcome.fast).toEqual(outcome.slow);
  });

  it("answers for the catalog, the synthetic catalogs and nearly all of the corpus", () => {
    const answered = (list: ReadonlyArray<readonly [string, string]>) => list.filter(([, text]) => fastParse(text) !== undefined).length;
    expect(answered(synthetic)).toBe(synthetic.length);
    expect(answered(corpus)).toBeGreaterThan(corpus.length * 0.85);
  });

  const VALID: Array<[string, string]> = [
    ["block scalars", "a: |\n  one\n   two\n\nb: >\n  folded\n  text\n\n  para\nc: |-\n  strip\nd: >+\n  keep\n\ne: |2\n    indented\n"],
    ["quoted escapes", `a: "tab\\t nl\\n uni\\u00e9 \\x41 \\/ \\\\"\nb: 'it''s'\nc: "multi\n  line"\n`],
    ["multi-line plain and comments", "a: one\n  two # comment\n# whole line\nb: x#not-a-comment\n"],
    ["flow collections", "a: [1, two, {b: c, 'd e': [f]}]\ng: { h: i }\nj: []\nk: {}\n"],
    ["core scalars as yaml resolves them", "a: [1_000, 0x1F, 0o17, 0b1, 012, -0, +1, 1e3, 1.5, .5, .inf, -.Inf, .nan, ~, null, Null, NULL, true, True, FALSE, yes, on, 0.1e+3]\n"],
    ["empty values", "a:\nb: ~\nc: ''\n"],
    ["prototype keys", "__proto__: { polluted: true }\nconstructor: x\n"],
    ["CRLF line ends", "a: 1\r\nb:\r\n  c: [x]\r\n"],
    ["unicode and long keys", `é: ü\n"${"k".repeat(300)}": v\n`],
    ["sequences of mappings", "- a: 1\n  b: 2\n-\n  c: 3\n- - nested\n  - list\n"],
    ["a JSON document", '{"a": {"b": [1, 2, {"c": null}]}, "d": "e"}'],
    ["a flow collection on its own line", "a:\n  [1, 2]\nb:\n  {c: d}\n"],
    ["multi-line flow and quoted values indented past their block", "a: [1,\n    2]\nb:\n  - 'x\n    y'\n  - k: \"p\n     q\"\n"],
  ];
  it.each(VALID)("%s: the same values and positions", (_, text) => {
    const outcome = compare(text);
    expect(outcome).not.toBe("fallback");
    if (outcome !== "fallback") expect(outcome.fast).toEqual(outcome.slow);
  });

  const LEFT_TO_YAML: Array<[string, string]> = [
    ["anchors and aliases", "a: &x [1]\nb: *x\n"],
    ["explicit tags", "a: !!int 5\nb: !!str 6\nc: !custom x\n"],
    ["a key without a value in a flow mapping", "a: { b: 1, c }\n"],
    ["explicit keys", "? a\n: b\n"],
    ["non-string keys", "1: a\ntrue: b\nnull: c\n"],
    ["a byte order mark", "\ufeffa: 1\n"],
    ["an empty document", ""],
    ["a YAML 1.1 directive (yes is true there)", "%YAML 1.1\n---\na: yes\n"],
    ["a flow sequence closed at its key's column", "a: [1,\n  2\n]\n"],
    ["an empty sequence item", "d:\n  -\n  - x\n"],
  ];
  it.each(LEFT_TO_YAML)("%s: left to yaml", (_, text) => expect(fastParse(text)).toBeUndefined());

  it("never differs from yaml on damaged catalog files (characters inserted and deleted)", () => {
    const sources = corpus.filter(([path]) => path.startsWith("catalog/")).map(([, text]) => text);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const INSERTS = [":", " ", "\n", "\t", "#", "-", "[", "]", "{", "}", '"', "'", ",", "? ", "|", ">", "&a ", "*a", "!", "%", "a"];
    const differences: string[] = [];
    for (let round = 0; round < 400; round++) {
      const lines = sources[Math.floor(random() * sources.length)]!.split("\n");
      const from = Math.floor(random() * Math.max(1, lines.length - 30));
      let text = lines.slice(from, from + 30).join("\n") + "\n";
      const at = Math.floor(random() * text.length);
      text = random() < 0.4 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + INSERTS[Math.floor(random() * INSERTS.length)] + text.slice(at);
      const outcome = compare(text);
      if (outcome !== "fallback" && JSON.stringify(outcome.fast) !== JSON.stringify(outcome.slow)) differences.push(text);
    }
    expect(differences).toEqual([]);
  });

  const BROKEN: Array<[string, string]> = [
    ["duplicate keys", "a: 1\na: 2\n"],
    ["duplicate keys, one quoted", "a: 1\n'a': 2\n"],
    ["tab indentation", "a:\n\tb: 1\n"],
    ["bad indentation", "a:\n    b: 1\n  c: 2\n"],
    ["a mapping in a compact mapping", "a: b: c\n"],
    ["an unclosed quote", 'a: "open\n'],
    ["an unclosed flow sequence", "a: [1, 2\n"],
    ["an unclosed flow mapping", "a: {b: 1\n"],
    ["two documents", "a: 1\n---\nb: 2\n"],
    ["a stray indicator", "a: 1\n- b\n"],
    ["a reserved indicator", "a: @b\n"],
    ["a plain key over lines", "a\nb: 1\n"],
    ["text after a flow collection", "a: [1] x\n"],
    ["a comment glued to a quoted value", 'a: "x"#c\n'],
    ["a comment glued to a flow collection", "a: {b: 1}#c\n"],
    ["an implicit key over 1024 characters", `${"k".repeat(1100)}: v\n`],
    ["a flow sequence not indented past its block", "a: [1,\n2]\n"],
    ["a flow sequence in a compact mapping not indented past its key", "- key: [1,\n  2]\n"],
    ["a quoted scalar not indented past its block", "a: 'multi\nline'\n"],
    ["a quoted scalar in a compact mapping not indented past its key", '- key: "a\n b"\n'],
  ];
  it.each(BROKEN)("%s: yaml reports it, the fast path does not answer", (_, text) => {
    expect(parseWithYaml("f", text).diagnostics.length).toBeGreaterThan(0);
    expect(fastParse(text)).toBeUndefined();
  });
});
