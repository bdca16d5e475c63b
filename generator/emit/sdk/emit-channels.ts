/**
 * `channels.ts`: one address builder per channel with parameters typed from the catalog. A
 * parameter value containing `.`, `*`, `>` or whitespace would change which subjects/streams an
 * address matches, so it is a compile error for literals and a thrown error at run time.
 */
import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures } from "ts-morph";
import type { ChannelIR, CatalogIR } from "../../ir/types.js";
import { header, type GeneratedFile } from "../generated-file.js";
import type { Names } from "../naming.js";
import { printStatements } from "../ts-printer.js";
import { commentLines } from "../types/jsdoc.js";
import { literal, propertyName } from "../types/schema-to-type.js";

const PARAMETER = /\{([^{}]+)\}/g;
const PARAMETER_TEST = /\{[^{}]+\}/;

export function emitChannels(ir: CatalogIR, names: Names): GeneratedFile {
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.TypeAlias,
      name: "AddressParameter",
      isExported: true,
      typeParameters: [{ name: "T", constraint: "string" }],
      docs: ["A channel parameter value: never contains `.`, `*`, `>` or whitespace."],
      type: 'T extends `${string}${"." | "*" | ">" | " " | "\\t" | "\\n" | "\\r"}${string}` ? never : T',
    },
    {
      kind: StructureKind.Class,
      name: "InvalidAddressParameterError",
      isExported: true,
      extends: "Error",
      docs: ["Thrown by an address builder for a parameter value that would change what the address matches."],
      properties: [{ name: "name", isReadonly: true, hasOverrideKeyword: true, initializer: '"InvalidAddressParameterError"' }],
      ctors: [
        {
          parameters: [
            { name: "parameter", isReadonly: true, type: "string" },
            { name: "value", isReadonly: true, type: "string" },
          ],
          statements: ["super(`channel parameter ${parameter} must not contain '.', '*', '>' or whitespace: ${JSON.stringify(value)}`);"],
        },
      ],
    },
  ];
  const parameterized = ir.channels.some((c) => c.address !== null && PARAMETER_TEST.test(c.address));
  if (parameterized) {
    statements.push({
      kind: StructureKind.Function,
      name: "checkParameter",
      parameters: [
        { name: "parameter", type: "string" },
        { name: "value", type: "string" },
      ],
      returnType: "string",
      statements: [
        "if (value === \"\" || /[.*>\\s]/.test(value)) throw new InvalidAddressParameterError(parameter, value);",
        "return value;",
      ],
    });
  }
  for (const channel of ir.channels) {
    if (channel.address === null) continue;
    const name = names.channelFunction(channel.id);
    statements.push(PARAMETER_TEST.test(channel.address) ? builder(channel, name) : constant(channel, name));
  }
  return { path: "channels.ts", contents: header("ts") + printStatements(statements) };
}

/** A fixed address is a constant (of its literal type), not a function of nothing. */
function constant(channel: ChannelIR, name: string): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [{ description: "\n" + channelDocs(channel).join("\n") }],
    declarations: [{ name, initializer: JSON.stringify(channel.address) }],
  };
}

function channelDocs(channel: ChannelIR): string[] {
  return [
    ...commentLines(`Address of channel \`${channel.address}\`${channel.events.length ? ` (${channel.events.join(", ")})` : ""}.`),
    ...(channel.description ? ["", ...commentLines(channel.description.trim())] : []),
  ];
}

function builder(channel: ChannelIR, name: string): StatementStructures {
  const address = channel.address!;
  const parameters = [...new Set([...address.matchAll(PARAMETER)].map((m) => m[1]!))];
  const typeParameters = parameters.map((p, index) => ({ name: `T${index}`, constraint: enumType(channel, p) ?? "string" }));
  const docs = channelDocs(channel);
  return {
    kind: StructureKind.Function,
    name,
    isExported: true,
    docs: [{ description: "\n" + docs.join("\n") }],
    typeParameters,
    parameters: parameters.length
      ? [
          {
            name: "params",
            type: (w) => {
              w.write("{ ");
              parameters.forEach((p, i) => w.write(`${i ? "; " : ""}${propertyName(p)}: T${i} & AddressParameter<T${i}>`));
              w.write(" }");
            },
          },
        ]
      : [],
    returnType: "string",
    statements: (w) => writeBody(w, address),
  };
}

/** `return "comment/" + checkParameter("commentId", params.commentId) + "/changed";` */
function writeBody(w: CodeBlockWriter, address: string): void {
  const parts: string[] = [];
  let last = 0;
  for (const match of address.matchAll(PARAMETER)) {
    if (match.index! > last) parts.push(JSON.stringify(address.slice(last, match.index)));
    const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(match[1]!) ? `params.${match[1]}` : `params[${JSON.stringify(match[1])}]`;
    parts.push(`checkParameter(${JSON.stringify(match[1])}, ${key})`);
    last = match.index! + match[0].length;
  }
  if (last < address.length || parts.length === 0) parts.push(JSON.stringify(address.slice(last)));
  w.write(`return ${parts.join(" + ")};`);
}

function enumType(channel: ChannelIR, parameter: string): string | undefined {
  const values = channel.parameters.find((p) => p.name === parameter)?.enum;
  return values?.length ? values.map(literal).join(" | ") : undefined;
}
