/** The semantic rules, each on small catalogs: what they report, where, and what they let pass. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { generate } from "../../generator/generate.js";
import { isPastTense, lastWord } from "../../generator/check/rules/past-tense.js";
import { diagnosticsOf, orderDocument } from "./catalog-on-disk.js";

describe("past tense", () => {
  const cases: Array<[name: string, verb: string, past: boolean]> = [
    ["contact.created", "created", true],
    ["workflow.run.goal_reached", "reached", true],
    ["user.signed_up", "signed", true],
    ["user.logged-out", "logged", true],
    ["campaign.email.sent", "sent", true],
    ["report.built", "built", true],
    ["lightMeasured", "lightMeasured", true],
    ["contact.create", "create", false],
    ["inbox.sla.breach", "breach", false],
    ["notification.send", "send", false],
    ["system.error", "error", false],
  ];
  it.each(cases)("%s: verb %s, past %s", (name, verb, past) => {
    expect(lastWord(name)).toBe(verb);
    expect(isPastTense(verb)).toBe(past);
  });
});

/** One channel carrying messages `[key, event name]`; `settings` is the YAML under `info.x-eventsmith`. */
function namedEvents(events: Array<[string, string]>, settings?: string): string {
  const lines = [
    "asyncapi: 3.0.0",
    "info:",
    "  title: Orders",
    "  version: 1.0.0",
    "  description: Order events.",
    ...(settings ? ["  x-eventsmith:", ...settings.trim().split("\n").map((line) => `    ${line}`)] : []),
    "channels:",
    "  orders:",
    "    address: orders",
    "    description: Order events.",
    "    messages:",
    ...events.flatMap(([key, name]) => [`      ${key}:`, `        name: ${name}`, "        summary: Something happened.", "        payload: { type: object }"]),
  ];
  return lines.join("\n") + "\n";
}

describe("event-name-convention", () => {
  const DEFAULT = "/^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$/";
  const cases: Array<{ name: string; settings?: string; events: Array<[string, string]>; want: string[] }> = [
    {
      name: "default: lower-case dotted and past tense, as a warning",
      events: [["a", "order.created"], ["b", "order.create"], ["c", "Order.Created"], ["d", "orders"]],
      want: [
        "asyncapi.yaml:16:15 warning event-name-convention event name `order.create` should end in a past-tense verb (`created`, `sent`...), not `create` (exempt it with x-eventsmith.naming.allow)",
        `asyncapi.yaml:20:15 warning event-name-convention event name \`Order.Created\` does not match the naming pattern ${DEFAULT} (exempt it with x-eventsmith.naming.allow)`,
        `asyncapi.yaml:24:15 warning event-name-convention event name \`orders\` does not match the naming pattern ${DEFAULT} and should end in a past-tense verb (\`created\`, \`sent\`...), not \`orders\` (exempt it with x-eventsmith.naming.allow)`,
      ],
    },
    {
      name: "the catalog's own pattern, past tense off, allowed names, and the rule made an error",
      settings: `
naming:
  pattern: '^[A-Z][A-Za-z]+$'
  pastTense: false
  allow: [legacy.sync]
rules:
  event-name-convention: error`,
      events: [["a", "OrderCreate"], ["b", "legacy.sync"], ["c", "order.created"]],
      want: [
        "asyncapi.yaml:27:15 error event-name-convention event name `order.created` does not match the naming pattern /^[A-Z][A-Za-z]+$/ (exempt it with x-eventsmith.naming.allow)",
      ],
    },
  ];
  it.each(cases)("$name", async ({ settings, events, want }) => {
    expect(await diagnosticsOf({ "asyncapi.yaml": namedEvents(events, settings) }, ["event-name-convention"])).toEqual(want);
  });
});

describe("description-missing", () => {
  it("events (a summary will do), channels and operations without a word about them", async () => {
    const doc = `asyncapi: 3.0.0
info: { title: Orders, version: 1.0.0 }
channels:
  orders:
    address: orders
    messages:
      placed: { name: order.placed, summary: An order was placed., payload: { type: object } }
      paid: { name: order.paid, description: '  ', payload: { type: object } }
operations:
  sendOrders:
    action: send
    channel: { $ref: '#/channels/orders' }
  receiveOrders:
    action: receive
    summary: Billing reads orders.
    channel: { $ref: '#/channels/orders' }
`;
    expect(await diagnosticsOf({ "asyncapi.yaml": doc }, ["description-missing"])).toEqual([
      "asyncapi.yaml:4:3 warning description-missing channel `orders` has no description",
      "asyncapi.yaml:8:7 warning description-missing event `order.paid` has no description or summary",
      "asyncapi.yaml:10:3 warning description-missing operation `sendOrders` has no description or summary",
    ]);
  });
});

describe("component-unused", () => {
  const cases: Array<{ name: string; files: Record<string, string>; want: string[] }> = [
    {
      name: "used: by $ref, by a $ref into it, from another file; unused: the rest",
      files: {
        "asyncapi.yaml": orderDocument(
          `      payload:
        type: object
        properties:
          id: { $ref: '#/components/schemas/Ids/properties/order' }
`,
          `  schemas:
    Ids:
      type: object
      properties:
        order: { type: string }
    Money: { type: number }
    Leftover: { type: string }
  parameters:
    tenant: { description: The tenant. }
`,
        ),
        "other.yaml": `asyncapi: 3.0.0
info: { title: Billing, version: 1.0.0 }
components:
  schemas:
    Invoice:
      type: object
      properties:
        total: { $ref: './asyncapi.yaml#/components/schemas/Money' }
`,
      },
      want: [
        "asyncapi.yaml:34:5 warning component-unused components.schemas.Leftover is never referenced",
        "asyncapi.yaml:36:5 warning component-unused components.parameters.tenant is never referenced",
        "other.yaml:5:5 warning component-unused components.schemas.Invoice is never referenced",
      ],
    },
    {
      name: "2.x security schemes are used by name in security requirements",
      files: {
        "asyncapi.yaml": `asyncapi: 2.6.0
info: { title: Orders, version: 1.0.0 }
servers:
  prod:
    url: broker.example.com
    protocol: kafka
    security: [{ saslScram: [] }]
channels: {}
components:
  securitySchemes:
    saslScram: { type: scramSha256 }
    apiKey: { type: httpApiKey, name: key, in: header }
`,
      },
      want: ["asyncapi.yaml:12:5 warning component-unused components.securitySchemes.apiKey is never referenced"],
    },
  ];
  it.each(cases)("$name", async ({ files, want }) => {
    expect(await diagnosticsOf(files, ["component-unused"])).toEqual(want);
  });
});

describe("schema-invalid", () => {
  it("patterns ajv cannot compile (it uses the u flag) and unknown formats, at their schema node", async () => {
    const files = {
      "asyncapi.yaml": orderDocument(`      payload:
        type: object
        properties:
          code: { type: string, pattern: '^\\p{Letter}+ \\p{Foo}$' }
          when: { type: string, format: date-ish }
        patternProperties:
          '^x-\\q': { type: string }
`),
    };
    expect(await diagnosticsOf(files, ["schema-invalid", "asyncapi-schema"])).toEqual([
      "asyncapi.yaml:24:7 error schema-invalid patternProperties key \"^x-\\\\q\" is not a valid regular expression: Invalid escape",
      'asyncapi.yaml:27:11 error schema-invalid pattern "^\\\\p{Letter}+ \\\\p{Foo}$" is not a valid regular expression: Invalid property name',
      'asyncapi.yaml:28:11 warning schema-invalid format "date-ish" is unknown; values are not checked against it',
    ]);
  });

  it("keywords no validator reads: typos, another dialect's, a value YAML split at a comma", async () => {
    const files = {
      "asyncapi.yaml": orderDocument(`      payload:
        type: object
        properties:
          code: { type: string, maxLenght: 3 }
          note: { type: string, nullable: true, x-ui: wide }
          region: { type: string, description: State, province or county. }
`),
    };
    expect(await diagnosticsOf(files, ["schema-invalid"])).toEqual([
      "asyncapi.yaml:27:33 warning schema-invalid unknown schema keyword `maxLenght` is ignored by validators; did you mean `maxLength`?",
      'asyncapi.yaml:28:33 warning schema-invalid unknown schema keyword `nullable` is ignored by validators; JSON Schema says `type: [..., "null"]`',
      "asyncapi.yaml:29:55 warning schema-invalid unknown schema keyword `province or county.` is ignored by validators",
    ]);
  });
});

describe("example-invalid", () => {
  const cases: Array<{ name: string; files: Record<string, string>; want: string[] }> = [
    {
      name: "headers are checked too, and each example is named by its name or its position",
      files: {
        "asyncapi.yaml": orderDocument(`      headers:
        type: object
        required: [traceId]
        properties: { traceId: { type: string, minLength: 8 } }
      payload:
        type: object
        properties: { orderId: { type: string, format: uuid } }
      examples:
        - headers: { traceId: abc }
          payload: { orderId: 8c1e7bd5-3c9f-4a51-9d52-5f8d0c1e2a44 }
        - name: no headers
          headers: {}
          payload: { orderId: not-a-uuid }
`),
      },
      want: [
        'asyncapi.yaml:32:22 error example-invalid event `order.created` example #1: headers.traceId: must be at least 8 characters long, not "abc"',
        'asyncapi.yaml:35:11 error example-invalid event `order.created` example "no headers": headers: missing required property `traceId`',
        'asyncapi.yaml:36:22 error example-invalid event `order.created` example "no headers": payload.orderId: must be a valid uuid, not "not-a-uuid"',
      ],
    },
    {
      name: "an example in a fragment file is located there; a oneOf reports the branch the example meant",
      files: {
        "asyncapi.yaml": `asyncapi: 3.0.0
info: { title: Payments, version: 1.0.0 }
channels:
  payments:
    address: payments
    messages:
      paymentSettled: { $ref: './messages.yaml#/PaymentSettled' }
`,
        "messages.yaml": `PaymentSettled:
  name: payment.settled
  payload:
    oneOf:
      - type: object
        required: [card]
        properties: { card: { type: string, pattern: '^[0-9]{4}$' } }
        additionalProperties: false
      - type: object
        required: [iban]
        properties: { iban: { type: string } }
        additionalProperties: false
  examples:
    - payload: { card: '12345' }
`,
      },
      want: ['messages.yaml:14:18 error example-invalid event `payment.settled` example #1: payload.card: must match the pattern ^[0-9]{4}$, not "12345"'],
    },
  ];
  it.each(cases)("$name", async ({ files, want }) => {
    expect(await diagnosticsOf(files, ["example-invalid"])).toEqual(want);
  });
});

describe("schema-value-invalid and schema examples", () => {
  const schemas = (body: string) => ({
    "asyncapi.yaml": orderDocument(`      payload:
        $ref: '#/components/schemas/Order'
`, `  schemas:
    Order:
${body}`),
  });
  const cases: Array<{ name: string; files: Record<string, string>; want: string[] }> = [
    {
      name: "an allOf of two closed objects: no example satisfies it",
      files: schemas(`      allOf:
        - { type: object, additionalProperties: false, properties: { a: { type: string } } }
        - { type: object, additionalProperties: false, properties: { b: { type: string } } }
      examples:
        - { a: x, b: y }
`),
      want: [
        "asyncapi.yaml:32:13 error example-invalid components.schemas.Order.examples[0]: example does not match its schema: unknown property `a`",
        "asyncapi.yaml:32:19 error example-invalid components.schemas.Order.examples[0]: example does not match its schema: unknown property `b`",
      ],
    },
    {
      name: "default, enum and const values against the rest of their node",
      files: schemas(`      type: object
      properties:
        level: { type: integer, maximum: 5, enum: [1, 2, three], default: 7 }
        code: { type: string, const: 42 }
`),
      want: [
        'asyncapi.yaml:30:58 error schema-value-invalid components.schemas.Order.properties.level.enum[2]: enum value does not match its schema: must be an integer, not a string ("three")',
        "asyncapi.yaml:30:66 error schema-value-invalid components.schemas.Order.properties.level.default: default does not match its schema: must be 1, 2 or \"three\", not 7",
        "asyncapi.yaml:30:66 error schema-value-invalid components.schemas.Order.properties.level.default: default does not match its schema: must be <= 5, not 7",
        "asyncapi.yaml:31:31 error schema-value-invalid components.schemas.Order.properties.code.const: const value does not match its schema: must be a string, not a number (42)",
      ],
    },
    {
      name: "a valid example, default and enum: nothing",
      files: schemas(`      type: object
      properties:
        level: { type: integer, enum: [1, 2], default: 1 }
      examples:
        - { level: 2 }
`),
      want: [],
    },
  ];
  it.each(cases)("$name", async ({ files, want }) => {
    expect(await diagnosticsOf(files, ["example-invalid", "schema-value-invalid"])).toEqual(want);
  });

  it("a schema ajv refuses to compile (`id` for a property missing its `properties:`) is an error at the key, in validate", async () => {
    const files = schemas(`      type: object
      id: { type: integer }
`);
    expect(await diagnosticsOf(files, ["schema-invalid"])).toEqual([
      "asyncapi.yaml:29:7 error schema-invalid `id` is not a draft-07 keyword and validators refuse it; it looks like a property: put it under `properties:`",
    ]);
  });
});

describe("libraries print nothing; codegen fails where validate does", () => {
  it("ajv's own warnings (an unknown format) never reach the console; the rule reports it with a location", async () => {
    const spies = (["log", "warn", "error"] as const).map((name) => vi.spyOn(console, name).mockImplementation(() => {}));
    try {
      const dir = mkdtempSync(join(tmpdir(), "eventsmith-ajv-"));
      writeFileSync(join(dir, "asyncapi.yaml"), orderDocument(`      payload:
        type: object
        properties: { id: { type: string, format: uuidx } }
`));
      const result = await generate(dir);
      expect(result.files).toBeDefined();
      expect(result.diagnostics.filter((d) => d.code === "schema-invalid").map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['26:23 format "uuidx" is unknown; values are not checked against it']);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("codegen refuses a schema ajv cannot compile with the same located error, not a raw ajv message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eventsmith-ajv-"));
    writeFileSync(join(dir, "asyncapi.yaml"), orderDocument(`      payload:
        type: object
        id: { type: integer }
`));
    const result = await generate(dir);
    expect(result.files).toBeUndefined();
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(["26:9 schema-invalid"]);
  });
});

describe("config-invalid: transport settings, as the transports' own parsers judge them", () => {
  /** `settings` is YAML under `x-eventsmith:` (line 6 of the document), so its first line is line 7. */
  const cases: Array<{ name: string; settings: string; want: string }> = [
    {
      name: "a NATS retention policy JetStream does not have",
      settings: "nats:\n  stream:\n    retention: forever\n",
      want: "asyncapi.yaml:9:9 error config-invalid x-eventsmith.nats.stream.retention: must be one of limits, interest, workqueue",
    },
    {
      name: "a NATS subject with a space, in a list",
      settings: "nats:\n  stream:\n    subjects: [orders.>, 'bad subject']\n",
      want: "asyncapi.yaml:9:30 error config-invalid x-eventsmith.nats.stream.subjects[1]: must be a subject",
    },
    {
      name: "a NATS duration in no known unit",
      settings: "nats:\n  stream:\n    maxAge: 7 weeks\n",
      want: "asyncapi.yaml:9:9 error config-invalid x-eventsmith.nats.stream.maxAge: must be a duration such as 30s, 2m, 7d or milliseconds (got \"7 weeks\")",
    },
    {
      name: "an unknown NATS setting",
      settings: "nats:\n  subjectPrefx: acme\n",
      want: "asyncapi.yaml:8:7 error config-invalid x-eventsmith.nats.subjectPrefx: unknown option (expected one of subjectPrefix, replicas, stream, deadLetter)",
    },
    {
      name: "an unknown Redis setting",
      settings: "redis:\n  namespce: acme\n",
      want: "asyncapi.yaml:8:7 error config-invalid x-eventsmith.redis.namespce: unknown option (known: namespace, partitions, eventTtlSeconds, deadLetterTtlSeconds, retentionSeconds, batchSize)",
    },
    {
      name: "a Redis batch size of zero",
      settings: "redis:\n  batchSize: 0\n",
      want: "asyncapi.yaml:8:7 error config-invalid x-eventsmith.redis.batchSize: must be a positive integer, got 0",
    },
    {
      name: "a Redis namespace with a space",
      settings: "redis:\n  namespace: 'my app'\n",
      want: "asyncapi.yaml:8:7 error config-invalid x-eventsmith.redis.namespace: must be a non-empty string without whitespace",
    },
    {
      name: "a Redis partition count that is not an integer",
      settings: "redis:\n  partitions: 1.5\n",
      want: "asyncapi.yaml:8:7 error config-invalid x-eventsmith.redis.partitions: must be a positive integer, got 1.5",
    },
    {
      name: "a Redis TTL given as text",
      settings: "redis:\n  eventTtlSeconds: 1h\n",
      want: "asyncapi.yaml:8:7 error config-invalid x-eventsmith.redis.eventTtlSeconds: must be a positive number, got \"1h\"",
    },
  ];

  it.each(cases)("$name: an error at the setting, in validate", async ({ settings, want }) => {
    const indented = settings.replace(/^/gm, "    ").replace(/ +$/, "");
    const document = orderDocument(`      payload: { type: object }
`).replace("  description: Order events.\n", `  description: Order events.\n  x-eventsmith:\n${indented}`);
    expect(await diagnosticsOf({ "asyncapi.yaml": document }, ["config-invalid"])).toEqual([want]);
  });

  it("valid settings of both transports are clean", async () => {
    const document = orderDocument(`      payload: { type: object }
`).replace("  description: Order events.\n", "  description: Order events.\n  x-eventsmith:\n    nats: { subjectPrefix: acme, stream: { maxAge: 7d, replicas: 3 } }\n    redis: { namespace: acme, batchSize: 50 }\n");
    expect(await diagnosticsOf({ "asyncapi.yaml": document }, ["config-invalid"])).toEqual([]);
  });
});

describe("config-invalid: a message's stream partitions (x-eventsmith.partitions / .partitionKey)", () => {
  const payload = "      payload:\n        type: object\n        properties:\n          orderId: { type: string }\n          lines: { type: array }\n";
  /** `settings` is the YAML under the message's `x-eventsmith:` (line 24), so its first line is line 25. */
  const cases: Array<{ name: string; settings: string; want: string[] }> = [
    { name: "a partition count of zero", settings: "partitions: 0", want: ["asyncapi.yaml:25:9 error config-invalid x-eventsmith.partitions: must be a positive integer, got 0"] },
    { name: "a partition count as text", settings: "partitions: three", want: ['asyncapi.yaml:25:9 error config-invalid x-eventsmith.partitions: must be a positive integer, got "three"'] },
    {
      name: "a key the payload does not have",
      settings: "partitions: 3\n        partitionKey: orderID",
      want: ['asyncapi.yaml:26:9 error config-invalid x-eventsmith.partitionKey: the payload of order.created has no field "orderID"'],
    },
    {
      name: "a key that is a list",
      settings: "partitionKey: lines",
      want: ['asyncapi.yaml:25:9 error config-invalid x-eventsmith.partitionKey: order.created\'s payload field "lines" is not a scalar (string, number, integer or boolean), so it cannot pick a partition'],
    },
    { name: "a scalar key and a positive count", settings: "partitions: 3\n        partitionKey: orderId", want: [] },
  ];

  it.each(cases)("$name", async ({ settings, want }) => {
    const document = orderDocument(`      x-eventsmith:\n        ${settings}\n${payload}`);
    expect(await diagnosticsOf({ "asyncapi.yaml": document }, ["config-invalid"])).toEqual(want);
  });
});
