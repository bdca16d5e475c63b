/**
 * The one ajv configuration: used to check catalog examples and to compile the generated
 * validators, so an example that passes `validate` passes the generated validator too.
 */
import { Ajv, type Options } from "ajv";
import formatsModule from "ajv-formats";

// ajv-formats is CommonJS: under NodeNext its default export is the module object
const addFormats = (formatsModule as unknown as { default: typeof formatsModule.default }).default;

export interface CreateAjvOptions {
  /** Keep generated source for `ajv/dist/standalone` (validator emitter). */
  standalone?: boolean;
  /** Errors carry the failing schema and data (for explaining errors, not for generated code). */
  verbose?: boolean;
  /** Where ajv's own warnings go; nowhere by default (unknown formats are reported by a rule, with a location). */
  logger?: Options["logger"];
}

export function createAjv({ standalone = false, verbose = false, logger }: CreateAjvOptions = {}): Ajv {
  const options: Options = {
    allErrors: true,
    verbose,
    // silent unless asked: what ajv would print (unknown formats...) the check reports with a location
    logger: logger ?? false,
    // catalogs carry AsyncAPI keywords (discriminator, x-*, examples...) that are not validation keywords
    strict: false,
    validateFormats: true,
    // Shared definitions as functions, not inlined at every use: it halves ajv's codegen (the
    // cost of generation and of the check) for ~10% more code and no measurable difference in
    // validation speed; and ajv's inlining test walks a schema's lists twice per level, which
    // is exponential in nested lists (a deep `const` or `allOf`) under a `$ref`.
    inlineRefs: false,
    // standalone code: no optimisation pass either (see above)
    ...(standalone ? { code: { source: true, esm: true, optimize: false, lines: false } } : {}),
  };
  const ajv = new Ajv(options);
  // "fast" formats: regex-only date-time/uri/email checks (what the runtime can afford per event)
  addFormats(ajv, { mode: "fast" });
  return ajv;
}
