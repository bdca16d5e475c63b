/**
 * Precompiled validators. Generated code ships ajv standalone functions; the runtime only
 * calls them (it never compiles a schema) and turns ajv's errors into `ValidationIssue`s.
 */

/** The shape of an ajv error object, as left on `validate.errors` by standalone code. */
export interface AjvErrorObject {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A type guard compiled ahead of time; after it returns false, `errors` says why. */
export interface Validator<T> {
  (data: unknown): data is T;
  errors?: AjvErrorObject[] | null;
}

export interface ValidationIssue {
  /** JSON Pointer to the offending value ("" for the root). */
  path: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export function toIssues(errors: readonly AjvErrorObject[] | null | undefined): ValidationIssue[] {
  return (errors ?? []).map((error) => {
    // For missing/extra properties ajv points at the parent; point at the property itself.
    const property = (error.params["missingProperty"] ?? error.params["additionalProperty"]) as string | undefined;
    const path = property === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(property)}`;
    return { path, keyword: error.keyword, message: error.message ?? error.keyword, params: error.params };
  });
}

/** Runs a validator and returns every violation (the validators are compiled with allErrors). */
export function check<T>(validate: Validator<T>, data: unknown): ValidationResult<T> {
  return validate(data) ? { ok: true, value: data } : { ok: false, issues: toIssues(validate.errors) };
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path || "/"} ${issue.message}`).join("; ");
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
