/**
 * releaseInOrder: what one multi-stream read may deliver now, and what it must hold back
 * because a stream that came back full may still hold older entries.
 */
import { describe, expect, test } from "vitest";
import { releaseInOrder } from "../../../runtime/transports/redis/read-order.js";

interface E {
  stream: string;
  id: string;
  rank: number;
}

/** "a:5" is entry 5-0 of stream a (normal priority); "!c:9" is critical. */
const e = (spec: string): E => {
  const critical = spec.startsWith("!");
  const [stream, ms] = spec.replace("!", "").split(":") as [string, string];
  return { stream, id: `${ms}-0`, rank: critical ? 0 : 2 };
};
const show = (entries: E[]) => entries.map((x) => `${x.rank === 0 ? "!" : ""}${x.stream}:${x.id.split("-")[0]}`);

describe("releaseInOrder", () => {
  test.each([
    { given: "one stream", fetched: ["a:1", "a:2"], parked: [], full: ["a"], ready: ["a:1", "a:2"], held: [] },
    { given: "two streams, neither full", fetched: ["a:1", "a:4", "b:2", "b:3"], parked: [], full: [], ready: ["a:1", "b:2", "b:3", "a:4"], held: [] },
    { given: "stream a full: b's entries after a's last wait", fetched: ["a:1", "a:3", "b:2", "b:5"], parked: [], full: ["a"], ready: ["a:1", "b:2", "a:3"], held: ["b:5"] },
    { given: "both full: up to the earlier last entry", fetched: ["a:1", "a:6", "b:2", "b:4"], parked: [], full: ["a", "b"], ready: ["a:1", "b:2", "b:4"], held: ["a:6"] },
    { given: "a parked entry released once the full stream moved past it", fetched: ["a:6", "a:8"], parked: ["b:5"], full: [], ready: ["b:5", "a:6", "a:8"], held: [] },
    { given: "a parked entry still ahead of a full stream", fetched: ["a:6", "a:7"], parked: ["b:9"], full: ["a"], ready: ["a:6", "a:7"], held: ["b:9"] },
    { given: "a full critical stream holds back every normal entry", fetched: ["!c:9", "a:1"], parked: [], full: ["c"], ready: ["!c:9"], held: ["a:1"] },
    { given: "critical first, whatever the ids", fetched: ["a:1", "!c:9"], parked: [], full: [], ready: ["!c:9", "a:1"], held: [] },
  ])("$given", ({ fetched, parked, full, ready, held }) => {
    const out = releaseInOrder(fetched.map(e), parked.map(e), new Set(full), (x) => x.rank);
    expect({ ready: show(out.ready), held: show(out.parked) }).toEqual({ ready, held });
  });
});
