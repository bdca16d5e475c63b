/** The SARIF 2.1.0 JSON Schema (vendored in test/fixtures/sarif), compiled once for the format tests. */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

/** The SARIF schema is draft-04: ajv 8 reads it once `id` is spelled `$id` (no other draft-04-only keyword is used); one of its patterns is not valid in unicode mode. */
let compiled: ReturnType<Ajv["compile"]> | undefined;
export function sarifValidator() {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(new URL("../fixtures/sarif/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const { id, $schema: _, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  return (compiled = ajv.compile({ ...rest, $id: id as string }));
}

