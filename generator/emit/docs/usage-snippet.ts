/**
 * The TypeScript an event page shows: publishing the event and subscribing to it with the
 * generated SDK (`createEventBus`, the event's payload type). It compiles against the SDK
 * `codegen` writes (test/docs checks that for the example catalog).
 */
import type { EventDoc } from "./docs-model.js";

/** Where the snippet imports the SDK from: the default output of `codegen`. */
const SDK = "./generated/index.js";
/** Examples up to this many lines are written into the snippet. */
const MAX_INLINE_LINES = 12;

export function usageSnippet(doc: EventDoc): string {
  const name = JSON.stringify(doc.event.name);
  const example = doc.examples.find((e) => e.problems.length === 0 && e.payload !== undefined);
  const source = doc.producers[0]?.service;
  const group = doc.consumers[0]?.service;
  const literal = example === undefined ? undefined : JSON.stringify(example.payload, null, 2);
  // a long example is on the page already: repeating it in every snippet would double the docs
  const data =
    literal === undefined
      ? `declare const data: ${doc.typeName}; // no valid example in the catalog: build one from the payload table`
      : literal.split("\n").length > MAX_INLINE_LINES
        ? `declare const data: ${doc.typeName}; // e.g. the example above`
        : `const data: ${doc.typeName} = ${literal};`;
  return [
    `import { createEventBus, type ${doc.typeName} } from ${JSON.stringify(SDK)};`,
    ``,
    `const bus = createEventBus(${source !== undefined ? `{ source: ${JSON.stringify(source)} }` : ""});`,
    ``,
    `// publish: the payload is validated before anything is sent`,
    data,
    `await bus.publish(${name}, data);`,
    ``,
    `// subscribe: members of one group share the events; each group gets every event`,
    `const subscription = await bus.subscribe(`,
    `  ${name},`,
    `  async (event) => {`,
    `    const payload: ${doc.typeName} = event.data;`,
    `    console.log(event.id, payload);`,
    `  },`,
    ...(group !== undefined ? [`  { group: ${JSON.stringify(group)} },`] : []),
    `);`,
    ``,
    `await subscription.unsubscribe();`,
    `await bus.close();`,
  ].join("\n");
}
