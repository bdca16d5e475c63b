/** `format` as the generated validators assert it: ajv-formats' full definitions. */
import { fullFormats } from "ajv-formats/dist/formats.js";

type FormatDefinition = RegExp | ((value: string) => boolean) | { type?: string; validate: RegExp | ((value: never) => boolean) };

function definition(name: string): FormatDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(fullFormats, name) ? (fullFormats as Record<string, FormatDefinition>)[name] : undefined;
}

/** Formats ajv applies to numbers (int32, float...); every other format applies to strings. */
export function isNumberFormat(name: string): boolean {
  const def = definition(name);
  return typeof def === "object" && !(def instanceof RegExp) && def.type === "number";
}

/** Whether `value` has the format; true for formats ajv-formats does not know (nothing to assert). */
export function hasFormat(name: string, value: string | number): boolean {
  const def = definition(name);
  if (!def) return true;
  const check = typeof def === "object" && !(def instanceof RegExp) ? def.validate : def;
  if (check instanceof RegExp) return typeof value === "string" && check.test(value);
  return (check as (v: unknown) => boolean)(value);
}
