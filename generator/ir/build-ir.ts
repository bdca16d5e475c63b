/**
 * Builds the CatalogIR from a loaded catalog: reads every document (2.6 or 3.x), merges
 * channels that share an address, turns each distinct message into one event, and derives
 * producers and consumers from operations.
 */
import { diagnostic, type Diagnostic, type SourceLocation } from "../diagnostics.js";
import { appendPointer } from "../load/json-pointer.js";
import type { LoadedCatalog, NodeRef } from "../load/types.js";
import { asRecord, compare, extensionsOf, Nodes, optional, str, type RawChannel, type RawDocument } from "./raw-model.js";
import { nameLocation, nameNode } from "./name-location.js";
import { readDocument } from "./read-document.js";
import { owners, readMessage } from "./read-message.js";
import { schemaTooDeep } from "./schema-depth.js";
import { SchemaResolver } from "./schema-resolver.js";
import { readSettings } from "./settings.js";
import {
  IR_VERSION,
  type CatalogIR,
  type ChannelIR,
  type EventIR,
  type OperationIR,
  type ParameterIR,
  type SchemaIR,
  type ServerIR,
  type ServiceIR,
} from "./types.js";

export interface BuildResult {
  ir: CatalogIR;
  diagnostics: Diagnostic[];
}

export function buildIR(catalog: LoadedCatalog): BuildResult {
  return new IRBuilder(catalog).build();
}

class IRBuilder {
  private readonly nodes: Nodes;
  private readonly schemas: SchemaResolver;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly channels = new Map<string, ChannelIR>();
  /** Channel node key -> channel id. */
  private readonly channelIds = new Map<string, string>();
  private readonly events = new Map<string, EventIR>();
  /** Message node key -> event name. */
  private readonly eventNames = new Map<string, string>();
  /** Event name -> the message node that defined it (a clash names where). */
  private readonly eventNodes = new Map<string, NodeRef>();

  constructor(private readonly catalog: LoadedCatalog) {
    this.nodes = new Nodes(catalog);
    this.schemas = new SchemaResolver(catalog);
  }

  build(): BuildResult {
    const documents = this.catalog.documents.flatMap((file) => readDocument(this.nodes, file) ?? []);
    const { settings, title, diagnostics } = readSettings(
      documents
        .filter((doc) => doc.info["x-eventsmith"] !== undefined)
        .map((doc) => ({
          value: doc.info["x-eventsmith"],
          locate: (path) => this.catalog.locate({ file: doc.file, pointer: appendPointer("/info/x-eventsmith", ...path) }),
        })),
    );
    this.diagnostics.push(...diagnostics);

    const servers = this.buildServers(documents);
    for (const doc of documents) for (const channel of doc.channels) this.addChannel(doc, channel);
    const operations = documents.flatMap((doc) => doc.operations.map((op) => ({ doc, op })));
    for (const { doc, op } of operations) {
      // messages reached only through operations or replies are events too
      for (const message of [...op.messages, ...(op.reply?.messages ?? [])]) {
        this.addEvent(doc, message, "", this.channelIds.get(this.nodes.key(op.channel)));
      }
    }
    const operationIRs = this.buildOperations(operations);

    const events = [...this.events.values()].sort((a, b) => compare(a.name, b.name));
    const schemaIRs: SchemaIR[] = events.flatMap((event) => (event.headers ? [event.payload, event.headers] : [event.payload]));
    const named = this.schemas.finish(schemaIRs);
    for (const schema of [...schemaIRs, ...Object.values(named)]) {
      const tooDeep = schemaTooDeep(schema);
      if (tooDeep) this.diagnostics.push(tooDeep);
    }

    const ir: CatalogIR = {
      irVersion: IR_VERSION,
      title: title ?? str(documents[0]?.info["title"]) ?? "catalog",
      settings,
      documents: documents.map((doc) => ({
        file: doc.file,
        asyncapi: doc.asyncapi,
        title: str(doc.info["title"]) ?? doc.file,
        version: str(doc.info["version"]) ?? "",
        ...optional("description", str(doc.info["description"])),
        ...optional("defaultContentType", doc.defaultContentType),
        extensions: extensionsOf(this.nodes, { file: doc.file, pointer: "/info" }, doc.info),
        location: this.catalog.locate({ file: doc.file, pointer: "" }),
      })),
      servers,
      channels: [...this.channels.values()].sort((a, b) => compare(a.id, b.id)),
      events,
      operations: operationIRs,
      services: this.buildServices(documents, operationIRs),
      schemas: named,
    };
    return { ir, diagnostics: this.diagnostics };
  }

  private buildServers(documents: RawDocument[]): ServerIR[] {
    const all = documents.flatMap((doc) => doc.servers.map((server) => ({ doc, server })));
    const servers = new Map<string, ServerIR>();
    for (const { doc, server } of all) {
      const ir: ServerIR = {
        id: server.key,
        host: server.host,
        protocol: server.protocol,
        ...optional("pathname", server.pathname),
        ...optional("description", server.description),
        bindings: asRecord(this.nodes.plain(this.nodes.child(server.node, "bindings"))),
        location: this.catalog.locate(server.node),
      };
      const existing = servers.get(server.key);
      if (existing && (existing.host !== ir.host || existing.protocol !== ir.protocol)) {
        ir.id = `${doc.file}#${server.key}`;
      } else if (existing) continue;
      servers.set(ir.id, ir);
    }
    return [...servers.values()].sort((a, b) => compare(a.id, b.id));
  }

  private addChannel(doc: RawDocument, raw: RawChannel): void {
    const id = raw.address ?? `${doc.file}#${raw.key}`;
    this.channelIds.set(this.nodes.key(raw.node), id);
    const value = this.nodes.object(raw.node)?.value ?? {};
    let channel = this.channels.get(id);
    if (!channel) {
      channel = {
        id,
        name: raw.key,
        address: raw.address,
        ...optional("title", str(value["title"])),
        ...optional("description", str(value["description"])),
        parameters: [],
        servers: [],
        events: [],
        bindings: asRecord(this.nodes.plain(this.nodes.child(raw.node, "bindings"))),
        extensions: extensionsOf(this.nodes, raw.node, value),
        location: this.catalog.locate(raw.node),
      };
      this.channels.set(id, channel);
    }
    for (const parameter of raw.parameters) {
      if (!channel.parameters.some((p) => p.name === parameter.name)) channel.parameters.push(this.readParameter(parameter.name, parameter.node));
    }
    channel.parameters.sort((a, b) => compare(a.name, b.name));
    channel.servers = [...new Set([...channel.servers, ...raw.servers])].sort();
    for (const message of raw.messages) this.addEvent(doc, message.node, message.key, id);
  }

  private readParameter(name: string, node: NodeRef): ParameterIR {
    const value = this.nodes.object(node)?.value ?? {};
    const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
    // 2.x parameters carry a schema; 3.x ones only enum/default/examples of a string
    const schema =
      value["schema"] !== undefined
        ? this.nodes.plain(this.nodes.child(node, "schema"))
        : { type: "string", ...(value["enum"] ? { enum: strings(value["enum"]) } : {}), ...(value["default"] !== undefined ? { default: String(value["default"]) } : {}) };
    return {
      name,
      ...optional("description", str(value["description"])),
      ...optional("enum", strings(value["enum"])),
      ...optional("default", value["default"] === undefined ? undefined : String(value["default"])),
      ...optional("examples", strings(value["examples"])),
      schema: schema as ParameterIR["schema"],
      location: this.catalog.locate(node),
    };
  }

  /** Registers the message at `node` as an event (once), on `channelId` when given. */
  private addEvent(doc: RawDocument, node: NodeRef, channelKey: string, channelId: string | undefined): void {
    const key = this.nodes.key(node);
    let name = this.eventNames.get(key);
    if (name === undefined) {
      const fields = readMessage(this.nodes, this.schemas, node, { info: doc.info, defaultContentType: doc.defaultContentType, channelKey }, this.diagnostics);
      if (this.events.has(fields.name) && !nameNode(this.catalog, node)) {
        // a name derived from a key (a 2.x inline message named after its operationId) is not
        // the author's: numbered until unique, rather than refused as a duplicate
        let n = 2;
        while (this.events.has(`${fields.name}${n}`)) n++;
        fields.name = `${fields.name}${n}`;
      }
      const clash = this.events.get(fields.name);
      if (clash) {
        this.diagnostics.push(
          diagnostic(nameLocation(this.catalog, node), "error", "event-duplicate-name", `event name "${fields.name}" is already used by the message at ${at(nameLocation(this.catalog, this.eventNodes.get(fields.name)!))}`),
        );
        this.eventNames.set(key, "");
        return;
      }
      name = fields.name;
      this.eventNames.set(key, name);
      this.eventNodes.set(name, node);
      this.events.set(name, { ...fields, channels: [], producers: [], consumers: [] });
    }
    if (name === "" || channelId === undefined) return;
    const event = this.events.get(name)!;
    if (!event.channels.includes(channelId)) event.channels = [...event.channels, channelId].sort();
    const channel = this.channels.get(channelId)!;
    if (!channel.events.includes(name)) channel.events = [...channel.events, name].sort();
  }

  private buildOperations(operations: Array<{ doc: RawDocument; op: RawDocument["operations"][number] }>): OperationIR[] {
    const ids = new Set<string>();
    const out: OperationIR[] = [];
    for (const { doc, op } of operations) {
      const channel = this.channelIds.get(this.nodes.key(op.channel));
      if (channel === undefined) continue;
      const value = this.nodes.object(op.node)?.value ?? {};
      const traits = op.traits.map((t) => this.nodes.object(t)?.value ?? {});
      const field = (name: string) => [value, ...traits].map((v) => v[name]).find((v) => v !== undefined);
      const id = ids.has(op.id) ? `${doc.file}#${op.id}` : op.id;
      ids.add(id);
      const events = this.namesOf(op.messages);
      for (const name of events) {
        const event = this.events.get(name)!;
        const list = op.action === "send" ? "producers" : "consumers";
        if (!event[list].includes(op.service)) event[list] = [...event[list], op.service].sort();
      }
      const reply = op.reply && {
        ...optional("channel", op.reply.channel && this.channelIds.get(this.nodes.key(op.reply.channel))),
        events: this.namesOf(op.reply.messages),
        location: this.catalog.locate(op.reply.node),
      };
      const tagsNode = value["tags"] !== undefined ? this.nodes.child(op.node, "tags") : undefined;
      out.push({
        id,
        action: op.action,
        service: op.service,
        channel,
        events,
        ...optional("title", str(field("title"))),
        ...optional("summary", str(field("summary"))),
        ...optional("description", str(field("description"))),
        ...(reply ? { reply } : {}),
        tags: tagsNode ? this.nodes.items(tagsNode).flatMap((t) => str(t.value["name"]) ?? []) : [],
        bindings: asRecord(this.nodes.plain(this.nodes.child(op.node, "bindings"))),
        extensions: extensionsOf(this.nodes, op.node, value),
        location: this.catalog.locate(op.node),
      });
    }
    return out.sort((a, b) => compare(a.id, b.id));
  }

  private namesOf(messages: NodeRef[]): string[] {
    const names = messages.map((m) => this.eventNames.get(this.nodes.key(m))).filter((n): n is string => !!n);
    return [...new Set(names)].sort();
  }

  private buildServices(documents: RawDocument[], operations: OperationIR[]): ServiceIR[] {
    const services = new Map<string, ServiceIR>();
    for (const op of operations) {
      let service = services.get(op.service);
      if (!service) {
        const doc = documents.find((d) => str(d.info["title"]) === op.service || str(d.info["x-service"]) === op.service);
        service = {
          name: op.service,
          ...optional("description", doc && str(doc.info["description"])),
          owners: owners(doc?.info["x-owner"]),
          sends: [],
          receives: [],
          location: doc ? this.catalog.locate({ file: doc.file, pointer: "/info" }) : op.location,
        };
        services.set(op.service, service);
      }
      const list = op.action === "send" ? service.sends : service.receives;
      for (const name of op.events) if (!list.includes(name)) list.push(name);
    }
    for (const service of services.values()) {
      service.sends.sort();
      service.receives.sort();
    }
    return [...services.values()].sort((a, b) => compare(a.name, b.name));
  }
}

function at(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
