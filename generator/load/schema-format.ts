/**
 * Schema formats eventsmith compiles: JSON Schema (draft-07 dialect) and AsyncAPI schema
 * objects. Others (Avro, RAML, Protobuf...) are carried as opaque: never resolved or compiled.
 */
const JSON_SCHEMA_FORMATS = [
  /^application\/vnd\.aai\.asyncapi(\+json|\+yaml)?(;version=[\d.]+)?$/,
  /^application\/schema(\+json|\+yaml)?(;version=draft-0[467])?$/,
];

export function isJsonSchemaFormat(schemaFormat: string | undefined): boolean {
  if (schemaFormat === undefined) return true;
  const normalized = schemaFormat.replace(/\s+/g, "").toLowerCase();
  return JSON_SCHEMA_FORMATS.some((pattern) => pattern.test(normalized));
}
