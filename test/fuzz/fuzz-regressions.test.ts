/**
 * Mutants the fuzzer found hanging or misreported, kept as cases: each finishes (ajv's ref
 * inlining was exponential in nested lists; the YAML parser's stack overflow read as a syntax
 * error) with its errors at the node that is wrong, and no cascade from the same cause.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileCatalog } from "../../generator/pipeline.js";
import { runCliInProcess } from "../support/cli-in-process.js";
import { nested } from "./mutate.js";

const REPO = resolve(import.meta.dirname, "../..");
const KRAKEN = "test/fixtures/corpus/asyncapi-3/kraken-websocket-request-reply-multiple-channels-asyncapi.yml";

interface Case {
  name: string;
  /** A catalog directory and the file in it to mutate, or a single document. */
  source: string;
  file?: string;
  /** The node replaced by a string schema under `depth` levels of `kind` (the deep-nesting mutation). */
  pointer: string;
  kind: Parameters<typeof nested>[0];
  depth: number;
  /** `file:line:column code` of every error (warnings of the unmutated source aside). */
  want: string[];
}

const cases: Case[] = [
  {
    name: "nested lists under maxLength (was a hang: ajv walked each list twice per level)",
    source: "catalog",
    file: "common/contact-points.yaml",
    pointer: "/Email/maxLength",
    kind: "array",
    depth: 500,
    want: ["common/contact-points.yaml:2:2 schema-invalid", "common/contact-points.yaml:5:3 asyncapi-schema"],
  },
  {
    name: "nested allOf under maxLength, too deep to parse (reported at level 100, wherever the stack ran out): one error at the depth, no $ref echoes",
    source: "catalog",
    file: "common/contact-points.yaml",
    pointer: "/Email/maxLength",
    kind: "allOf",
    depth: 1500,
    want: ["common/contact-points.yaml:102:109 yaml-too-deep"],
  },
  {
    name: "a deep const in a $ref'd schema whose examples the check validates (was a hang)",
    source: KRAKEN,
    pointer: "/components/schemas/subscriptionStatusCommon/properties/event/const",
    kind: "array",
    depth: 400,
    want: [
      "asyncapi.yaml:196:8 example-invalid",
      "asyncapi.yaml:197:8 example-invalid",
      "asyncapi.yaml:199:8 example-invalid",
      "asyncapi.yaml:209:8 example-invalid",
      "asyncapi.yaml:210:8 example-invalid",
      "asyncapi.yaml:211:8 example-invalid",
      "asyncapi.yaml:213:9 example-invalid",
      "asyncapi.yaml:432:4 schema-invalid",
    ],
  },
  {
    name: "a deep allOf const in a message payload",
    source: KRAKEN,
    pointer: "/components/messages/dummyCurrencyInfo/payload/properties/event/const",
    kind: "allOf",
    depth: 1500,
    want: ["asyncapi.yaml:223:100 yaml-too-deep"],
  },
];

const dirs: string[] = [];
afterAll(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The mutant, written as the fuzzer writes it (JSON, which prints deep nesting), in a fresh directory. */
function writeMutant({ source, file, pointer, kind, depth }: Case): string {
  const dir = mkdtempSync(join(tmpdir(), "eventsmith-fuzz-case-"));
  dirs.push(dir);
  const target = join(dir, file ?? "asyncapi.yaml");
  cpSync(join(REPO, source), file ? dir : target, { recursive: true });
  const data = parse(readFileSync(target, "utf8")) as Record<string, unknown>;
  const path = pointer.split("/").slice(1);
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, data);
  parent[path.at(-1)!] = nested(kind, depth);
  writeFileSync(target, JSON.stringify(data, null, 1));
  return dir;
}

describe("fuzzer finds, kept", () => {
  it.each(cases)("$name", async (c) => {
    const { diagnostics } = await compileCatalog(writeMutant(c));
    const errors = diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);
    expect(errors).toEqual(c.want);
  }, 60_000);

  it("says why a file too deep for the YAML parser is refused, at the depth", async () => {
    const { diagnostics } = await compileCatalog(writeMutant(cases[1]!));
    expect(diagnostics[0]?.message).toBe("collections nest more than 100 levels deep from here, too deep for the YAML parser: name inner schemas under components.schemas and $ref them");
  }, 60_000);
});

describe("fuzzer finds, kept: codegen", () => {
  it("a 200,000-character title (the service's name) still fits a file name: was ENAMETOOLONG, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eventsmith-fuzz-case-"));
    dirs.push(dir);
    const text = readFileSync(join(REPO, "test/fixtures/catalogs/pointer-escapes/asyncapi.yaml"), "utf8");
    writeFileSync(join(dir, "asyncapi.yaml"), text.replace("title: Escapes", `title: ${"x".repeat(200_000)}`));
    const result = await runCliInProcess(REPO, ["codegen", dir, "--out", join(dir, "sdk"), "--no-cache", "--format", "json"]);
    expect({ exit: result.exitCode, err: result.err }).toEqual({ exit: 0, err: '{"diagnostics":[]}\n' });
    expect(readdirSync(join(dir, "sdk/services"))).toEqual([`${"x".repeat(100)}.ts`]);
  }, 60_000);
});
