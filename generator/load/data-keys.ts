/**
 * Where a catalog holds data rather than structure. Under `examples`, `default`, `enum`...
 * a `{ $ref }` is just a value and is never resolved; but in a mapping whose keys are names
 * (channels, messages, properties...), a property called `default` is structure like any other.
 */
const DATA_KEYS = new Set(["examples", "example", "default", "const", "enum"]);

const NAME_MAPS = new Set([
  "channels", "operations", "servers", "schemas", "messages", "parameters", "securitySchemes", "serverVariables",
  "correlationIds", "replies", "replyAddresses", "operationTraits", "messageTraits", "serverBindings",
  "channelBindings", "operationBindings", "messageBindings", "variables",
  "properties", "patternProperties", "definitions", "$defs", "dependencies",
]);

/** Whether the value under `key` is data, in a mapping whose keys are names (`keysAreNames`) or keywords. */
export function isDataKey(key: string, keysAreNames: boolean): boolean {
  return !keysAreNames && DATA_KEYS.has(key);
}

/** Whether the keys of the mapping under `key` are names. A file's root: pass `true`. */
export function childKeysAreNames(key: string, keysAreNames: boolean): boolean {
  return !keysAreNames && NAME_MAPS.has(key);
}
