/**
 * Broken catalogs (test/fixtures/broken/<case>/): every problem of a catalog is reported in one
 * pass, sorted, each with its exact code and file:line:col, and nothing is emitted from it.
 */
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCatalog } from "../../generator/pipeline.js";

const BROKEN = resolve(import.meta.dirname, "../fixtures/broken");

interface Case {
  name: string;
  /** The catalog inside the case directory, when it is not the directory itself. */
  path?: string;
  /** `file:line:column severity code` of every diagnostic, in order. */
  want: string[];
  /** Words the messages must contain (what a reader needs to fix it). */
  says: string[];
}

const cases: Case[] = [
  {
    name: "invalid-yaml",
    want: ["asyncapi.yaml:5:16 error yaml-syntax"],
    says: ["`[` is never closed"],
  },
  {
    name: "duplicate-key",
    want: ["asyncapi.yaml:5:3 error yaml-duplicate-key"],
    says: ['duplicate key "title"'],
  },
  {
    name: "ref-missing-file",
    want: ["asyncapi.yaml:25:9 error ref-unresolved"],
    says: ['$ref "./schemas.yaml#/Order": cannot read schemas.yaml: no such file'],
  },
  {
    name: "ref-missing-pointer",
    want: ["asyncapi.yaml:31:11 error ref-unresolved"],
    says: ["/components/schemas/Customer does not exist in asyncapi.yaml"],
  },
  {
    name: "ref-outside-root",
    path: "catalog",
    want: ["asyncapi.yaml:25:9 error ref-outside-root"],
    says: ['$ref "../shared/order.yaml" leaves the catalog root'],
  },
  {
    name: "ref-url",
    want: ["asyncapi.yaml:25:9 error ref-remote"],
    says: ['$ref "https://schemas.example.com/order.json" names a URL'],
  },
  {
    name: "schema-violation",
    want: ["asyncapi.yaml:15:5 error asyncapi-schema", "asyncapi.yaml:26:7 error asyncapi-schema"],
    says: [
      'operations.publishOrderCreated.action: must be "send" or "receive", not "publish"',
      "components.messages.orderCreated: unknown property `payloadd`",
    ],
  },
  {
    name: "invalid-example",
    want: ["asyncapi.yaml:41:13 error example-invalid", "asyncapi.yaml:42:13 error example-invalid", "asyncapi.yaml:43:13 error example-invalid"],
    says: [
      'event `order.created` example "wrong": payload.orderId: must be a string, not a number (42)',
      'example "wrong": payload.total: must be >= 0, not -1',
      'example "wrong": payload: unknown property `coupon`',
    ],
  },
  {
    name: "duplicate-event-name",
    want: ["asyncapi.yaml:23:13 error event-duplicate-name"],
    says: ['"order.created"', "asyncapi.yaml:18:13"],
  },
  {
    name: "naming-rule",
    want: ["asyncapi.yaml:22:15 error event-name-convention", "asyncapi.yaml:27:15 error event-name-convention"],
    says: ["`order.create` should end in a past-tense verb", "`OrderShipped` does not match the naming pattern"],
  },
  {
    name: "ref-cycle",
    want: ["asyncapi.yaml:28:7 error ref-cycle"],
    says: ["asyncapi.yaml#/components/schemas/Order -> asyncapi.yaml#/components/schemas/Purchase -> asyncapi.yaml#/components/schemas/Order"],
  },
  {
    name: "alias-bomb",
    want: ["asyncapi.yaml:8:10 error yaml-alias-limit"],
    says: ["alias bomb"],
  },
  {
    name: "proto-keys",
    want: ["asyncapi.yaml:6:3 error asyncapi-schema"],
    says: ["info: unknown property `__proto__`"],
  },
  {
    name: "missing-payload",
    want: ["asyncapi.yaml:11:7 error message-missing-payload"],
    says: ["has no payload schema"],
  },
  {
    name: "unsupported-version",
    want: ["asyncapi.yaml:1:11 error asyncapi-version"],
    says: ['asyncapi "1.2.0" is AsyncAPI 1.x, which eventsmith does not read; convert it to 3.0 with the official converter'],
  },
  {
    name: "many-problems",
    want: [
      "orders.yaml:7:3 warning description-missing",
      "orders.yaml:14:5 error asyncapi-schema",
      "orders.yaml:29:5 warning component-unused",
      "payments.yaml:12:15 warning event-name-convention",
      "payments.yaml:19:15 error asyncapi-schema",
      "schemas/order.yaml:8:7 error ref-unresolved",
      "schemas/order.yaml:10:7 error ref-unresolved",
    ],
    says: [
      "channel `orderCreated` has no description",
      'operations.publishOrderCreated.action: must be "send" or "receive", not "sent"',
      "components.schemas.Unused is never referenced",
      "`payment.capture` should end in a past-tense verb",
      'payload.properties.amount.minimum: must be a number, not a string ("zero")',
      '$ref "#/Customer": /Customer does not exist in schemas/order.yaml',
      '$ref "./missing.yaml": cannot read schemas/missing.yaml: no such file',
    ],
  },
];

describe("broken catalogs", () => {
  it.each(cases)("$name", async ({ name, path, want, says }) => {
    const result = await compileCatalog(join(BROKEN, name, path ?? ""));
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual(want);
    const messages = result.diagnostics.map((d) => d.message).join("\n");
    for (const words of says) expect(messages).toContain(words);
    // the IR (and so any output) exists only when nothing is an error
    expect(result.ir === undefined).toBe(want.some((w) => w.includes(" error ")));
  });

  it("`__proto__` keys stay data: nothing reaches Object.prototype", async () => {
    const result = await compileCatalog(join(BROKEN, "proto-keys"));
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    const info = result.catalog.get({ file: "asyncapi.yaml", pointer: "/info" }) as object;
    expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(info, "__proto__")).toBe(true);
    const example = result.catalog.get({ file: "asyncapi.yaml", pointer: "/channels/orderCreated/messages/orderCreated/examples/0/payload" });
    expect(Object.keys(example as object)).toEqual(["__proto__", "constructor"]);
  });
});
