/**
 * `validate` on the official AsyncAPI examples: each 2.6 / 3.x document alone, and the
 * multi-file social-media set as one catalog, has no error. Warnings (naming, descriptions,
 * unused components) are allowed: the examples are not written to eventsmith's conventions.
 *
 * Five documents have real defects, asserted exactly rather than hidden:
 * - adeo takes two payloads from remote Avro schemas by URL, refused by default (see
 *   test/fixtures/corpus/README.md): errors;
 * - both kraken documents carry `subscriptionStatus` examples that violate their own schema
 *   (`pair` is a string where the schema wants a list, `status` and `depth` are outside
 *   their enums): errors, as `example-invalid` is by default (docs show examples, tests use them);
 * - both operation-security documents give a boolean the default "false" (a string): an error,
 *   as the official parser's schema-default rule reports it.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCatalog } from "../../generator/pipeline.js";

const CORPUS = resolve(import.meta.dirname, "../fixtures/corpus");

const KRAKEN_EXAMPLES = (first: number) => [
  `${first}:13 example-invalid event \`subscriptionStatus\` example #1: payload.pair: must be a list, not a string ("XBT/EUR")`,
  `${first + 2}:13 example-invalid event \`subscriptionStatus\` example #1: payload.status: must be "online", "maintenance", "cancel_only", "limit_only" or "post_only", not "unsubscribed"`,
  `${first + 9}:13 example-invalid event \`subscriptionStatus\` example #2: payload.pair: must be a list, not a string ("XBT/USD")`,
  `${first + 10}:13 example-invalid event \`subscriptionStatus\` example #2: payload.status: must be "online", "maintenance", "cancel_only", "limit_only" or "post_only", not "error"`,
  `${first + 12}:15 example-invalid event \`subscriptionStatus\` example #2: payload.subscription.depth: must be 10, 25, 100, 500 or 1000, not 42`,
];

/** operation-security's `deprecated` flag is a boolean whose default is the string "false". */
const OPERATION_SECURITY_DEFAULT = (line: number) =>
  `${line}:11 schema-value-invalid components.schemas.MetaData.properties.deprecated.default: default does not match its schema: must be a boolean, not a string ("false")`;

/** `line:column code message` of each expected error (adeo's refused URLs, kraken's invalid examples), by document. */
const KNOWN_ERRORS: Record<string, string[]> = {
  "asyncapi-3/adeo-kafka-request-reply-asyncapi.yml": [
    '174:11 ref-remote $ref "https://www.asyncapi.com/resources/casestudies/adeo/CostingRequestPayload.avsc" names a URL; remote references are refused unless allowed (allowedUrls)',
    '204:11 ref-remote $ref "https://www.asyncapi.com/resources/casestudies/adeo/CostingResponsePayload.avsc" names a URL; remote references are refused unless allowed (allowedUrls)',
  ],
  "asyncapi-2/operation-security.yml": [OPERATION_SECURITY_DEFAULT(56)],
  "asyncapi-3/operation-security-asyncapi.yml": [OPERATION_SECURITY_DEFAULT(67)],
  "asyncapi-3/kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml": KRAKEN_EXAMPLES(149),
  "asyncapi-3/kraken-websocket-request-reply-multiple-channels-asyncapi.yml": KRAKEN_EXAMPLES(155),
};

const documents = ["asyncapi-2", "asyncapi-3"].flatMap((version) =>
  readdirSync(join(CORPUS, version))
    .filter((name) => /\.ya?ml$/.test(name) || name === "social-media")
    .map((name) => `${version}/${name}`),
);

describe("validate: official AsyncAPI corpus", () => {
  it("covers both versions and the multi-file set", () => {
    expect(documents).toContain("asyncapi-2/social-media");
    expect(documents).toContain("asyncapi-3/social-media");
    expect(documents.length).toBeGreaterThanOrEqual(36);
  });

  it.each(documents)("%s has no error but the known ones", async (document) => {
    const { diagnostics } = await compileCatalog(join(CORPUS, document));
    const found = diagnostics
      .filter((d) => d.severity === "error" || d.code === "example-invalid" || d.code === "schema-value-invalid")
      .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
    expect(found).toEqual(KNOWN_ERRORS[document] ?? []);
    if (!(document in KNOWN_ERRORS)) expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("the social-media set is checked as one catalog: its fragments through the services' documents", async () => {
    const { catalog, ir } = await compileCatalog(join(CORPUS, "asyncapi-3/social-media"));
    expect(catalog.documents).toHaveLength(5);
    expect([...catalog.files.keys()].filter((file) => file.startsWith("common/")).sort()).toEqual([
      "common/messages.yaml",
      "common/parameters.yaml",
      "common/schemas.yaml",
      "common/servers.yaml",
    ]);
    expect(ir?.events.length).toBeGreaterThan(0);
  });
});
