/**
 * What the AsyncAPI schema check says: the alternative a value meant (not every branch of a
 * oneOf), at the node that is wrong, named by its place in the file that holds it.
 */
import { describe, expect, it } from "vitest";
import { diagnosticsOf } from "./catalog-on-disk.js";

const cases: Array<{ name: string; files: Record<string, string>; want: string[] }> = [
  {
    name: "a message kept in a fragment file is validated as a message",
    files: {
      "asyncapi.yaml": `asyncapi: 3.0.0
info: { title: Orders, version: 1.0.0 }
channels:
  orders:
    address: orders
    messages:
      orderCreated:
        $ref: './common/messages.yaml#/OrderCreated'
`,
      "common/messages.yaml": `OrderCreated:
  name: order.created
  payload: { type: object }
  payloadd: { type: object }
`,
    },
    want: ["common/messages.yaml:4:3 error asyncapi-schema OrderCreated: unknown property `payloadd`"],
  },
  {
    name: "a node reached through several $refs is reported once",
    files: {
      "asyncapi.yaml": `asyncapi: 3.0.0
info: { title: Orders, version: 1.0.0 }
channels:
  orders:
    address: orders
    messages:
      orderCreated: { $ref: '#/components/messages/orderCreated' }
  audit:
    address: audit
    messages:
      orderCreated: { $ref: '#/components/messages/orderCreated' }
components:
  messages:
    orderCreated:
      payload: { type: object }
      tags: [{ nam: orders }]
`,
    },
    want: [
      "asyncapi.yaml:16:14 error asyncapi-schema components.messages.orderCreated.tags[0]: missing required property `name`",
      "asyncapi.yaml:16:16 error asyncapi-schema components.messages.orderCreated.tags[0]: unknown property `nam`",
    ],
  },
  {
    name: "recursive schemas are validated without expanding forever",
    files: {
      "asyncapi.yaml": `asyncapi: 3.1.0
info: { title: Trees, version: 1.0.0 }
components:
  schemas:
    Node:
      type: object
      properties:
        children: { type: array, items: { $ref: '#/components/schemas/Node' } }
        parent: { $ref: '#/components/schemas/Node' }
        size: { type: integr }
`,
    },
    want: [
      'asyncapi.yaml:10:17 error asyncapi-schema components.schemas.Node.properties.size.type: must be "array", "boolean", "integer", "null", "number", "object" or "string", not "integr"',
    ],
  },
  {
    name: "of nine security schemes, the one the value names by its type",
    files: {
      "asyncapi.yaml": `asyncapi: 3.0.0
info: { title: Orders, version: 1.0.0 }
servers:
  prod:
    host: broker.example.com
    protocol: kafka
    security:
      - type: httpApiKey
        name: api_key
        in: header
        scope: all
`,
    },
    want: ["asyncapi.yaml:11:9 error asyncapi-schema servers.prod.security[0]: unknown property `scope`"],
  },
  {
    name: "3.x: a wrong enum value and a missing field",
    files: {
      "asyncapi.yaml": `asyncapi: 3.1.0
info:
  version: 1.0.0
channels:
  orders:
    address: orders
operations:
  sendOrder:
    action: publish
    channel: { $ref: '#/channels/orders' }
`,
    },
    want: [
      "asyncapi.yaml:2:1 error asyncapi-schema info: missing required property `title`",
      'asyncapi.yaml:9:5 error asyncapi-schema operations.sendOrder.action: must be "send" or "receive", not "publish"',
    ],
  },
  {
    name: "a wrong type says what it found",
    files: {
      "asyncapi.yaml": `asyncapi: 3.0.0
info: { title: Orders, version: 1.0.0 }
channels:
  orders:
    address: 42
    messages: []
`,
    },
    want: [
      "asyncapi.yaml:5:5 error asyncapi-schema channels.orders.address: must be a string or null, not a number (42)",
      "asyncapi.yaml:6:5 error asyncapi-schema channels.orders.messages: must be a mapping, not a list",
    ],
  },
  {
    name: "2.6: the message list a oneOf holds, not the single-message alternative",
    files: {
      "asyncapi.yaml": `asyncapi: 2.6.0
info: { title: Users, version: 1.0.0 }
channels:
  user/signedup:
    subscribe:
      message:
        oneOf:
          - name: user.signed_up
            payload: { type: object }
          - name: user.signed_out
            payload: { type: object, required: yes }
`,
    },
    want: [
      'asyncapi.yaml:11:38 error asyncapi-schema channels["user/signedup"].subscribe.message.oneOf[1].payload.required: must be a list, not a string ("yes")',
    ],
  },
];

describe("AsyncAPI schema check: messages", () => {
  it.each(cases)("$name", async ({ files, want }) => {
    expect(await diagnosticsOf(files, ["asyncapi-schema"])).toEqual(want);
  });
});
