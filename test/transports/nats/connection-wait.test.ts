/** Work that waits for the NATS connection is bounded even when no broker ever answers. */
import { afterEach, expect, test, vi } from "vitest";
import { silentLogger } from "eventsmith/runtime";
import { Connection } from "../../../runtime/transports/nats/connection.js";
import { Outage } from "../../../runtime/transports/shared/outage.js";

afterEach(() => {
  vi.restoreAllMocks();
});

test("whenReady gives up at its deadline even when its timer fires before Date.now() reaches it", async () => {
  // Never opened, so it stays "connecting" and nothing but the deadline can settle the wait.
  const connection = new Connection({ servers: "127.0.0.1:1" }, 1000, silentLogger, new Outage("NATS", "127.0.0.1:1", 1000, silentLogger));
  const started = Date.now();
  const waiting = connection.whenReady(started + 100, "publishing x").catch((e: unknown) => e);
  // Timers run on the monotonic clock in whole milliseconds, so one may fire a little before
  // the wall clock reaches the deadline; here the wall clock lags by 20 ms.
  const realNow = Date.now.bind(Date);
  vi.spyOn(Date, "now").mockImplementation(() => realNow() - 20);
  const error = await Promise.race([waiting, new Promise((resolve) => setTimeout(resolve, 2000, "still waiting"))]);
  expect(error).toMatchObject({ code: "TRANSPORT_UNAVAILABLE", message: expect.stringMatching(/^publishing x: the NATS broker was unreachable for (9\d|100) ms$/) });
});
