/**
 * A message's Redis stream-partition settings (`x-eventsmith.partitions`, `.partitionKey`) the
 * transport would refuse are errors at the setting: the count must be a positive integer (the
 * transport's own parser decides), and the key must name a scalar field of the payload, since
 * its value picks the partition (an object or list has no stable value to hash).
 */
import { partitioningProblem } from "../../../runtime/transports/addresses.js";
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import type { CatalogIR, EventIR, JsonSchema, JsonSchemaObject } from "../../ir/types.js";
import { isObject, parsePointer } from "../../load/json-pointer.js";
import type { RuleContext } from "./rule.js";

const SCALARS = new Set(["string", "number", "integer", "boolean"]);

export function partitioningInvalid({ ir }: RuleContext): Diagnostic[] {
  return ir.events.flatMap((event) => {
    const partitioning = event.partitioning;
    if (!partitioning) return [];
    const problem = partitioningProblem({ partitions: partitioning.partitions, partitionKey: partitioning.partitionKey });
    if (problem) {
      const key = problem.path[0] as "partitions" | "partitionKey";
      return [diagnostic(partitioning.locations[key]!, "error", "config-invalid", `x-eventsmith.${key}: ${problem.message}`)];
    }
    const field = partitioning.partitionKey as string | undefined;
    const fieldProblem = field === undefined ? undefined : keyFieldProblem(ir, event, field);
    return fieldProblem ? [diagnostic(partitioning.locations.partitionKey!, "error", "config-invalid", `x-eventsmith.partitionKey: ${fieldProblem}`)] : [];
  });
}

function keyFieldProblem(ir: CatalogIR, event: EventIR, field: string): string | undefined {
  const payload = resolve(ir, event.payload.schema);
  const properties = payload["properties"];
  const schema = isObject(properties) ? (properties[field] as JsonSchema | undefined) : undefined;
  if (schema === undefined) return `the payload of ${event.name} has no field "${field}"`;
  if (!isScalar(resolve(ir, schema))) return `${event.name}'s payload field "${field}" is not a scalar (string, number, integer or boolean), so it cannot pick a partition`;
  return undefined;
}

/** Follows a `$ref` to a named schema (the IR's only kind); a boolean schema has no fields. */
function resolve(ir: CatalogIR, schema: JsonSchema, depth = 0): JsonSchemaObject {
  if (!isObject(schema)) return {};
  const ref = schema["$ref"];
  const [defs, name] = typeof ref === "string" && ref.startsWith("#") ? (parsePointer(ref.slice(1)) ?? []) : [];
  const named = defs === "$defs" && name !== undefined ? ir.schemas[name] : undefined;
  return named && depth < 32 ? resolve(ir, named.schema, depth + 1) : schema;
}

function isScalar(schema: JsonSchemaObject): boolean {
  const values = schema["enum"] ?? ("const" in schema ? [schema["const"]] : undefined);
  if (Array.isArray(values)) return values.every((value) => value === null || typeof value !== "object");
  const type = schema["type"];
  const types = Array.isArray(type) ? type : [type];
  return types.length > 0 && types.every((t) => typeof t === "string" && (SCALARS.has(t) || t === "null")) && types.some((t) => SCALARS.has(t as string));
}
