/**
 * Every `examples` entry of a message must be valid against its payload and headers schemas,
 * checked by the same ajv configuration the generated validators use. Each violation names
 * the example and the failing path, and points at the failing value inside the example.
 */
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import type { CatalogIR, EventIR, SchemaIR } from "../../ir/types.js";
import { appendPointer, parsePointer, valueAt } from "../../load/json-pointer.js";
import { describeErrors, dottedPath } from "../describe-errors.js";
import { NodeIndex } from "../node-index.js";
import { pickErrors } from "../pick-errors.js";
import type { RuleContext } from "./rule.js";

export function exampleInvalid({ catalog, ir, compiled: answers, schemaCompiler: compiler }: RuleContext): Diagnostic[] {
  const index = new NodeIndex(catalog);
  const out: Diagnostic[] = [];
  // examples the generated validators already accepted need no compile here
  const checks = ir.events.flatMap((event) =>
    event.examples.flatMap((example, position) =>
      (["payload", "headers"] as const).flatMap((part) => {
        const schema = part === "payload" ? event.payload : event.headers;
        if (example[part] === undefined || !schema || answers?.exampleValid(event.name, position, part) === true) return [];
        return [{ event, example, position, part, schema }];
      }),
    ),
  );
  compiler.compileSchemas(ir, checks.map((check) => check.schema.schema));
  for (const { event, example, position, part, schema } of checks) {
    const data = example[part];
    const compiled = compiler.compileSchema(ir, schema.schema);
    if (!("validate" in compiled) || compiled.validate(data)) continue; // uncompilable: reported by schema-invalid
    const node = index.nodeAt(example.location);
    const label = example.name !== undefined ? `"${example.name}"` : `#${position + 1}`;
    const findings = describeErrors(pickErrors(compiled.validate.errors ?? [], compiled.alternatives), (path) => valueAt(data, parsePointer(path) ?? []));
    for (const finding of findings) {
      const at = node ? catalog.locate({ file: node.file, pointer: appendPointer(node.pointer, part) + finding.at }) : example.location;
      const message = `event \`${event.name}\` example ${label}: ${dottedPath(finding.instancePath, part)}: ${finding.text}`;
      // an error by default: docs show examples and tests use them; a catalog that must keep an
      // invalid one lowers it with x-eventsmith.rules
      out.push(diagnostic(at, "error", "example-invalid", message));
    }
  }
  return out;
}

/** The payload and headers schemas that some example must match: those the check compiles. */
export function exampleSchemas(ir: CatalogIR): Array<{ event: EventIR; label: "payload" | "headers"; schema: SchemaIR }> {
  return ir.events.flatMap((event) => [
    ...(event.examples.some((e) => e.payload !== undefined) ? [{ event, label: "payload" as const, schema: event.payload }] : []),
    ...(event.headers && event.examples.some((e) => e.headers !== undefined) ? [{ event, label: "headers" as const, schema: event.headers }] : []),
  ]);
}
