/**
 * `prepareSdk` keeps nothing between calls but what its caller's memo holds: a second call with
 * another memo fills that memo too, another IR gets its own files, and no memo means no reuse.
 */
import { describe, expect, it } from "vitest";
import { EmitMemo } from "../../generator/emit/emit-memo.js";
import { prepareSdk } from "../../generator/emit/emit-sdk.js";
import { irWith } from "../support/ir-fixture.js";

/** A memo that counts what it was asked to remember. */
class CountingMemo extends EmitMemo {
  asked = 0;
  override remember<T>(key: string, make: () => T): T {
    this.asked++;
    return super.remember(key, make);
  }
}

const orders = irWith({ events: { "order.placed": { type: "object", properties: { id: { type: "string" } } } } });
const refunds = irWith({ events: { "refund.issued": { type: "object", properties: { amount: { type: "number" } } } } });
const eventMap = (files: { path: string; contents: string }[]) => files.find((f) => f.path === "event-map.ts")!.contents;

describe("prepareSdk called twice", () => {
  it("with another memo fills that memo as well", () => {
    const first = new CountingMemo();
    const second = new CountingMemo();
    const a = prepareSdk(orders, { memo: first });
    const b = prepareSdk(orders, { memo: second });
    expect(second.asked).toBe(first.asked);
    expect(second.asked).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it("with the same memo and IR reuses its files", () => {
    const memo = new CountingMemo();
    const a = prepareSdk(orders, { memo });
    const asked = memo.asked;
    expect(prepareSdk(orders, { memo })).toBe(a);
    expect(memo.asked).toBe(asked);
  });

  const cases = [
    { given: "the same memo", memo: new EmitMemo() },
    { given: "no memo", memo: undefined },
  ];
  it.each(cases)("on another IR with $given gives that IR's files", ({ memo }) => {
    const options = memo ? { memo } : {};
    expect(eventMap(prepareSdk(orders, options))).toContain('"order.placed"');
    const other = eventMap(prepareSdk(refunds, options));
    expect(other).toContain('"refund.issued"');
    expect(other).not.toContain('"order.placed"');
  });
});
