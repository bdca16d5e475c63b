/**
 * The official AsyncAPI JSON Schemas (from `@asyncapi/specs`). Compiling one with ajv costs
 * 200-400 ms (seconds on a busy machine), so a valid document is checked by standalone code
 * precompiled from the same schema with the same options (`precompiled/`, see
 * `precompile-asyncapi.ts`), loaded in ~20 ms. Only an invalid document pays for the compile:
 * its errors come from a verbose compile, which `pick-errors` needs. Each at most once per process.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import formatsModule from "ajv-formats";
import type { Alternatives } from "./pick-errors.js";
import { schemaAlternatives } from "./schema-alternatives.js";

// ajv-formats is CommonJS: under NodeNext its default export is the module object
const addFormats = (formatsModule as unknown as { default: typeof formatsModule.default }).default;
const require = createRequire(import.meta.url);

export const ASYNCAPI_VERSIONS = ["2.0.0", "2.1.0", "2.2.0", "2.3.0", "2.4.0", "2.5.0", "2.6.0", "3.0.0", "3.1.0"] as const;
export type AsyncApiVersion = (typeof ASYNCAPI_VERSIONS)[number];

/**
 * The versions shipped precompiled (~0.4-1.2 MB each): the current ones. A 2.0-2.5 document
 * pays for compiling its schema once per process instead.
 */
export const PRECOMPILED_VERSIONS = ["2.6.0", "3.0.0", "3.1.0"] as const satisfies readonly AsyncApiVersion[];

/**
 * Each version bundles the draft-07 meta-schema under its own $id: no built-in meta-schema (it
 * would clash), and one ajv per version.
 */
export const ASYNCAPI_AJV_OPTIONS: Options = { allErrors: true, strict: false, meta: false, validateSchema: false, logger: false };

export interface AsyncApiSchema {
  /** Whether the (`$ref`-resolved) document is valid. */
  validate(document: unknown): boolean;
  /** Why it is not: ajv's errors, and the alternatives of failed oneOfs (see `pick-errors`). */
  explain(document: unknown): { errors: ErrorObject[]; alternatives: Alternatives };
}

const schemas = new Map<AsyncApiVersion, AsyncApiSchema>();

export function isSupportedVersion(version: unknown): version is AsyncApiVersion {
  return ASYNCAPI_VERSIONS.includes(version as AsyncApiVersion);
}

export function asyncApiSchema(version: AsyncApiVersion): AsyncApiSchema {
  let schema = schemas.get(version);
  if (!schema) {
    schema = load(version);
    schemas.set(version, schema);
  }
  return schema;
}

export function asyncApiJsonSchema(version: AsyncApiVersion): Record<string, unknown> {
  // only the one file: the package index loads every version (~3 MB of JSON)
  return require(`@asyncapi/specs/schemas/${version}.json`) as Record<string, unknown>;
}

/** Where `precompile-asyncapi` writes a version's validator: beside this module, in the sources (dist/ has no copy). */
export function precompiledPath(version: AsyncApiVersion): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sources = basename(dirname(dirname(here))) === "dist" ? join(here, "../../../generator/check") : here;
  return join(sources, "precompiled", `asyncapi-${version}.cjs`);
}

function load(version: AsyncApiVersion): AsyncApiSchema {
  let verbose: { validate: ValidateFunction; alternatives: Alternatives } | undefined;
  const explainer = () => {
    if (!verbose) {
      const json = asyncApiJsonSchema(version);
      // verbose: errors carry the schema that failed (see schema-alternatives)
      const ajv = asyncApiAjv({ verbose: true });
      verbose = { validate: ajv.compile(json), alternatives: schemaAlternatives(ajv, json) };
    }
    return verbose;
  };
  const path = precompiledPath(version);
  const fast = existsSync(path) ? (require(path) as ValidateFunction) : undefined;
  return {
    validate: (document) => (fast ? fast(document) : explainer().validate(document)),
    explain(document) {
      const { validate, alternatives } = explainer();
      validate(document);
      return { errors: [...(validate.errors ?? [])], alternatives };
    },
  };
}

/** A fresh ajv with the options both the precompiled and the compiled validators use. */
export function asyncApiAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ ...ASYNCAPI_AJV_OPTIONS, ...options });
  addFormats(ajv);
  return ajv;
}
