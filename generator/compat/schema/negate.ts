/**
 * Complement (`not`, the `else` side of `if`). Each alternative is complemented keyword by
 * keyword (not (a and b) = not a or not b) where the normal form can say it: enum, bounds,
 * lengths, pattern, required, property schemas. Anything else becomes an opaque conjunct
 * ("and not <node>"), exact for evaluating values and treated conservatively by the checker.
 */
import { subOf, synthetic, type Cursor, type Sub } from "./cursor.js";
import { intersectNorm, unionNorm } from "./intersect.js";
import { ALT_TYPES, isTopAlt, isTrueSub, topAlt, type Alt, type AltType, type Norm, type ObjectPart } from "./norm.js";

export function negateNorm(norm: Norm, cursor: Cursor): Norm {
  if (norm.groups.length > 0) return opaque(cursor);
  const alts: Alt[] = [];
  for (const type of ALT_TYPES) {
    const own = norm.alts.filter((a) => a.type === type);
    if (own.length === 0) {
      alts.push(topAlt(type, cursor));
      continue;
    }
    let complement: Norm | undefined = { alts: [topAlt(type, cursor)], groups: [] };
    for (const alt of own) {
      const negated = complementAlt(alt, cursor);
      if (!negated) {
        complement = undefined;
        break;
      }
      complement = intersectNorm(complement!, { alts: negated, groups: [] });
    }
    alts.push(...(complement ? complement.alts : [opaqueAlt(type, cursor)]));
  }
  return unionNorm([{ alts, groups: [] }]);
}

function opaque(cursor: Cursor): Norm {
  return { alts: ALT_TYPES.map((type) => opaqueAlt(type, cursor)), groups: [] };
}

function opaqueAlt(type: AltType, cursor: Cursor): Alt {
  return { ...topAlt(type, cursor), extras: [{ cursor, negated: true }] };
}

/** The values of the alternative's type it rejects, as a union; undefined when not expressible. */
function complementAlt(alt: Alt, cursor: Cursor): Alt[] | undefined {
  if (isTopAlt(alt)) return [];
  if (alt.extras.length > 0) return undefined;
  const make = (patch: Partial<Alt>): Alt => ({ ...topAlt(alt.type, cursor), ...patch }) as Alt;
  const out: Alt[] = [];
  if (alt.enum) out.push(make({ notEnum: alt.enum }));
  if (alt.notEnum.length) out.push(make({ enum: alt.notEnum }));
  switch (alt.type) {
    case "null":
    case "boolean":
      break;
    case "number":
      if (alt.integer || alt.multipleOf.length || alt.formats.length) return undefined;
      if (alt.min) out.push(make({ max: { value: alt.min.value, exclusive: !alt.min.exclusive } }));
      if (alt.max) out.push(make({ min: { value: alt.max.value, exclusive: !alt.max.exclusive } }));
      break;
    case "string":
      if (alt.formats.length) return undefined;
      if (alt.minLength > 0) out.push(make({ maxLength: alt.minLength - 1 }));
      if (alt.maxLength !== undefined) out.push(make({ minLength: alt.maxLength + 1 }));
      for (const pattern of alt.patterns) out.push(make({ notPatterns: [pattern] }));
      for (const pattern of alt.notPatterns) out.push(make({ patterns: [pattern] }));
      break;
    case "array":
      if (alt.unique || alt.contains.length || alt.prefix.length || !isTrueSub(alt.rest)) return undefined;
      if (alt.minItems > 0) out.push(make({ maxItems: alt.minItems - 1 }));
      if (alt.maxItems !== undefined) out.push(make({ minItems: alt.maxItems + 1 }));
      break;
    case "object": {
      if (alt.dependentRequired.length || alt.dependentSchemas.length || alt.propertyNames.length) return undefined;
      if (alt.parts.some((p) => p.patterns.length || (p.additional && !isTrueSub(p.additional)))) return undefined;
      const objectWith = (key: string, sub: Sub, required: boolean): Alt => {
        const part: ObjectPart = { origin: cursor, properties: new Map([[key, sub]]), patterns: [] };
        return make({ parts: [part], required: required ? [key] : [] } as Partial<Alt>);
      };
      for (const key of alt.required) {
        out.push(objectWith(key, subOf(synthetic(cursor, "absent", false, ["properties", key], `/${key}`)), false));
      }
      for (const part of alt.parts) {
        for (const [key, sub] of part.properties) {
          if (isTrueSub(sub)) continue;
          if (sub.parts.length !== 1) return undefined; // not (a and b) is no longer a conjunction
          out.push(objectWith(key, { parts: [{ ...sub.parts[0]!, negated: !sub.parts[0]!.negated }] }, true));
        }
      }
      if (alt.minProperties > 0) out.push(make({ maxProperties: alt.minProperties - 1 } as Partial<Alt>));
      if (alt.maxProperties !== undefined) out.push(make({ minProperties: alt.maxProperties + 1 } as Partial<Alt>));
      break;
    }
  }
  return out;
}
