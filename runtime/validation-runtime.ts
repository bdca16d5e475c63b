/**
 * The run-time helpers ajv standalone validators `require`. Generated validators import
 * them from `eventsmith/runtime` under these names (the validator emitter rewrites each
 * `require("ajv/dist/runtime/…")` / `require("ajv-formats/dist/formats")`), so generated
 * code depends on the eventsmith package only.
 */
import equal from "ajv/dist/runtime/equal.js";
import ucs2length from "ajv/dist/runtime/ucs2length.js";
import uri from "ajv/dist/runtime/uri.js";
import validationError from "ajv/dist/runtime/validation_error.js";
import type { ErrorObject } from "ajv";

/** What ajv asks of a URI library (a subset of fast-uri). */
export interface UriResolver {
  parse(uri: string): object;
  resolve(base: string, path: string): string;
  serialize(component: object): string;
}

/**
 * These are CommonJS modules with `exports.default`: Node's ESM interop hands us
 * `module.exports` (the function is on `.default`), bundlers such as Vite hand us the
 * function itself. Accept both.
 */
function interop<T>(module: T | { default: T }): T {
  return typeof module === "function" ? (module as T) : (module as { default: T }).default;
}

// The exports carry their own types: `typeof ucs2length.default` in the emitted .d.ts would
// depend on how the user's moduleResolution sees a CommonJS default (it fails under "bundler").

/** `require("ajv/dist/runtime/equal").default` */
export const ajvEqual: (a: unknown, b: unknown) => boolean = interop(equal as unknown as typeof equal.default);
/** `require("ajv/dist/runtime/ucs2length").default` */
export const ajvUcs2length: (str: string) => number = interop(ucs2length as unknown as typeof ucs2length.default);
/** `require("ajv/dist/runtime/uri").default`: the URI resolver ajv was compiled with. */
export const ajvUri: UriResolver = interop(uri as unknown as typeof uri.default);
/** `require("ajv/dist/runtime/validation_error").default` */
export const AjvValidationError: new (errors: Partial<ErrorObject>[]) => Error & { readonly errors: Partial<ErrorObject>[] } =
  interop(validationError as unknown as typeof validationError.default);
/** `require("ajv-formats/dist/formats").fullFormats` / `.fastFormats` */
import { fastFormats, fullFormats } from "ajv-formats/dist/formats.js";

export { fastFormats, fullFormats };

/**
 * `fastFormats[name]` / `fullFormats[name]` as a call, which generated validators mark
 * `/*@__PURE__*\/`: a bundler keeps a top-level property read, so a module reading one
 * would stay in every bundle, used or not.
 */
export function ajvFastFormat(name: string): unknown {
  return (fastFormats as Record<string, unknown>)[name];
}

export function ajvFullFormat(name: string): unknown {
  return (fullFormats as Record<string, unknown>)[name];
}
