/**
 * The catalog `eventsmith new catalog` and `eventsmith init` start from: one event with a
 * checked example and a shared schema file reached by `$ref`, so every convention shows once.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes `catalog.yaml` and `common/schemas.yaml` under `root`; returns their paths. */
export function writeStarterCatalog(root: string, title: string): string[] {
  const files = [join(root, "catalog.yaml"), join(root, "common", "schemas.yaml")];
  mkdirSync(join(root, "common"), { recursive: true });
  writeFileSync(files[0]!, catalogDocument(title));
  writeFileSync(files[1]!, COMMON_SCHEMAS);
  return files;
}

function catalogDocument(title: string): string {
  return `asyncapi: 3.0.0
info:
  title: ${JSON.stringify(title)}
  version: 1.0.0
  description: The events our services exchange. Run \`eventsmith codegen\` after every change.
  x-eventsmith:
    rules:
      event-name-convention: error
      example-invalid: error
    delivery: { maxDeliver: 3, backoffMs: [1000, 5000, 30000], ackTimeoutMs: 30000 }
defaultContentType: application/json
channels:
  orderPlaced:
    address: order.placed
    description: A customer placed an order.
    messages:
      orderPlaced: { $ref: '#/components/messages/orderPlaced' }
operations:
  Checkout.sendOrderPlaced:
    action: send
    x-service: Checkout
    channel: { $ref: '#/channels/orderPlaced' }
    description: Checkout publishes an order once it is paid.
  Fulfilment.receiveOrderPlaced:
    action: receive
    x-service: Fulfilment
    channel: { $ref: '#/channels/orderPlaced' }
    description: Fulfilment starts picking the order.
components:
  messages:
    orderPlaced:
      name: order.placed
      title: Order placed
      summary: A customer placed an order.
      x-version: '1.0'
      payload:
        type: object
        additionalProperties: false
        required: [orderId, placedAt]
        properties:
          orderId: { $ref: './common/schemas.yaml#/Id' }
          placedAt: { $ref: './common/schemas.yaml#/Timestamp' }
      examples:
        - name: simple
          payload: { orderId: ord-1, placedAt: '2026-01-27T10:00:00Z' }
`;
}

const COMMON_SCHEMAS = `Id:
  type: string
  minLength: 1
  maxLength: 128
  description: An opaque identifier.
Timestamp:
  type: string
  format: date-time
  description: RFC 3339 date and time.
`;
