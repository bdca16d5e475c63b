/**
 * `validate` on the official AsyncAPI examples: each 2.6 / 3.x document alone, and the
 * multi-file social-media set as one catalog, has no error. Warnings (naming, descriptions,
 * unused components) are allowed: the examples are not written to eventsmith's conventions.
 *
 * Three documents have real defects, asserted exactly rather than hidden:
 * - adeo takes two payloads from remote Avro schemas by URL, refused by default (see
 *   test/fixtures/corpus/README.md): errors;
 * - both kraken documents carry `subscriptionStatus` examples that violate their own schema
 *   (`pair` is a string where the schema wants a list, `status` and `depth` are outside
 *   their enums): warnings, as `example-invalid` is by default (examples feed docs, not code).
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

/** `line:column code message` of each expected error (adeo) or example warning (kraken), by document. */
const KNOWN_ERRORS: Record<string, string[]> = {
  "asyncapi-3/adeo-kafka-request-reply-asyncapi.yml": [
    '174:11 ref-remote $ref "https://www.asyncapi.com/resources/casestudies/adeo/CostingRequestPayload.avsc" names a URL; remote references are refused unless allowed (allowedUrls)',
    '204:11 ref-remote $ref "https://www.asyncapi.com/resources/casestudies/adeo/CostingResponsePayload.avsc" names a URL; remote references are refused unless allowed (allowedUrls)',
  ],
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

  it.each(documents)("%s has no error", async (document) => {
    const { diagnostics } = await compileCatalog(join(CORPUS, document));
    const found = diagnostics
      .filter((d) => d.severity === "error" || d.code === "example-invalid")
      .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
    expect(found).toEqual(KNOWN_ERRORS[document] ?? []);
    if (!document.includes("adeo")) expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
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
