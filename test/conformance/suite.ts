/**
 * The transport conformance suite, modelled on Watermill's universal pub/sub tests. Every
 * transport runs it through the bus, with real components:
 *
 *   conformanceSuite({ name: "nats", createTransport, capabilities, afterEach, crash });
 *
 * Tests a transport cannot honour are skipped by the capability it declares, and the
 * skipped test's title names that capability. Tests never depend on each other's
 * leftovers on a shared broker: events carry a unique tenant wherever a named (durable)
 * group could see earlier ones, non-durable subscriptions are expected to start with
 * events published after they were made, and dead letters are looked up per group.
 * Schedules are short (backoffs of tens of milliseconds, ack timeouts via options) and
 * waits poll a condition; the only fixed waits prove that something did not happen.
 */
import { afterEach, describe } from "vitest";
import { deliveryTests } from "./delivery-tests.js";
import { failureTests } from "./failure-tests.js";
import { faultTests } from "./fault-tests.js";
import { Harness, type ConformanceOptions } from "./harness.js";
import { lifecycleTests } from "./lifecycle-tests.js";

export type { ConformanceOptions } from "./harness.js";

export function conformanceSuite(options: ConformanceOptions): void {
  describe(`transport conformance: ${options.name}`, () => {
    const harness = new Harness(options);
    afterEach(() => harness.cleanup());
    describe("delivery", () => deliveryTests(harness));
    describe("failures", () => failureTests(harness));
    describe("lifecycle", () => lifecycleTests(harness));
    describe("faults", () => faultTests(harness));
  });
}
