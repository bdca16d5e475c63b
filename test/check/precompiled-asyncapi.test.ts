/**
 * The precompiled AsyncAPI validators (generator/check/precompiled/) are what
 * `precompile-asyncapi` makes from the installed @asyncapi/specs and ajv. After an upgrade,
 * regenerate them: node --import tsx generator/check/precompile-asyncapi.ts
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PRECOMPILED_VERSIONS, precompiledPath } from "../../generator/check/asyncapi-schemas.js";
import { precompileAsyncApi } from "../../generator/check/precompile-asyncapi.js";

describe("precompiled AsyncAPI validators", () => {
  it.each(PRECOMPILED_VERSIONS)("%s is up to date", (version) => {
    // compared by equality, not toBe: a 1 MB string diff helps nobody
    expect(readFileSync(precompiledPath(version), "utf8") === precompileAsyncApi(version)).toBe(true);
  });
});
