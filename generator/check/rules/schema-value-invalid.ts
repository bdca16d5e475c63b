/**
 * Every value a schema carries must be valid against that schema: its `examples` (an
 * `example-invalid` error), its `default`, and each of its `enum` and `const` values against the
 * rest of the node (`schema-value-invalid`). Docs show these values and generated code may use
 * them; an `allOf` of two closed objects, which no value satisfies, is caught by its examples.
 * Checked once loading and the schema itself are clean, with the ajv the validators use.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode } from "../../diagnostics.js";
import type { JsonSchema, SchemaIR } from "../../ir/types.js";
import { appendPointer, parsePointer, valueAt } from "../../load/json-pointer.js";
import type { NodeRef } from "../../load/types.js";
import { describeErrors, dottedPath } from "../describe-errors.js";
import { NodeIndex } from "../node-index.js";
import { pickErrors } from "../pick-errors.js";
import type { RuleContext } from "./rule.js";
import { schemaNodes } from "./schema-invalid.js";

/** Keywords that say nothing about which values are valid. */
const ANNOTATIONS = new Set(["title", "description", "examples", "example", "default", "deprecated", "readOnly", "writeOnly", "$comment", "externalDocs", "discriminator"]);

interface ValueCheck {
  /** The schema the value must match. */
  schema: JsonSchema;
  value: unknown;
  /** Where the value sits in the catalog. */
  node: NodeRef;
  code: DiagnosticCode;
  /** How the message names the value: `example`, `default`, `enum value`, `const value`. */
  label: string;
}

export function schemaValueInvalid({ catalog, ir, upstreamErrors, schemaCompiler: compiler }: RuleContext): Diagnostic[] {
  if (upstreamErrors) return [];
  const index = new NodeIndex(catalog);
  const own = ir.events.flatMap((event) => (event.headers ? [event.payload, event.headers] : [event.payload]));
  const checks = [...own, ...Object.values(ir.schemas)].flatMap((schema) => valueChecks(schema, index));
  compiler.compileSchemas(ir, checks.map((check) => check.schema));
  const out: Diagnostic[] = [];
  for (const check of checks) {
    const compiled = compiler.compileSchema(ir, check.schema);
    if (!("validate" in compiled) || compiled.validate(check.value)) continue; // uncompilable: schema-invalid says why
    const findings = describeErrors(pickErrors(compiled.validate.errors ?? [], compiled.alternatives), (path) => valueAt(check.value, parsePointer(path) ?? []));
    for (const finding of findings) {
      const at = catalog.locate({ file: check.node.file, pointer: check.node.pointer + finding.at });
      const subject = dottedPath(check.node.pointer + finding.instancePath);
      out.push(diagnostic(at, "error", check.code, `${subject}: ${check.label} does not match its schema: ${finding.text}`));
    }
  }
  return out;
}

function valueChecks(schema: SchemaIR, index: NodeIndex): ValueCheck[] {
  const checks: ValueCheck[] = [];
  for (const { node, location } of schemaNodes(schema)) {
    const ref = index.nodeAt(location);
    if (!ref) continue;
    const at = (...segments: Array<string | number>) => ({ file: ref.file, pointer: appendPointer(ref.pointer, ...segments) });
    if (Array.isArray(node["examples"])) {
      node["examples"].forEach((value, i) => checks.push({ schema: node, value, node: at("examples", i), code: "example-invalid", label: "example" }));
    }
    if (node["default"] !== undefined) checks.push({ schema: node, value: node["default"], node: at("default"), code: "schema-value-invalid", label: "default" });
    // enum and const values against the rest of the node: `type: integer, enum: ["a"]`
    const rest = Object.fromEntries(Object.entries(node).filter(([key]) => key !== "enum" && key !== "const"));
    if (!Object.keys(rest).some((key) => !ANNOTATIONS.has(key) && !key.startsWith("x-"))) continue;
    if (Array.isArray(node["enum"])) {
      node["enum"].forEach((value, i) => checks.push({ schema: rest, value, node: at("enum", i), code: "schema-value-invalid", label: "enum value" }));
    }
    if (node["const"] !== undefined) checks.push({ schema: rest, value: node["const"], node: at("const"), code: "schema-value-invalid", label: "const value" });
  }
  return checks;
}
