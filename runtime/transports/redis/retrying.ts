/**
 * Commands that must eventually happen (acks, retries, dead-letter moves) are re-run after
 * connection failures until they succeed. That is safe because each of them is idempotent:
 * XACK of a settled entry is a no-op and every settling script stops when its XACK returns 0.
 */
import { ReplyError } from "ioredis";
import type { Logger } from "../../bus/transport.js";

/** Server replies that mean "not now" rather than "never". */
const TRANSIENT_REPLIES = ["LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "READONLY"];

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof ReplyError) return TRANSIENT_REPLIES.some((prefix) => error.message.startsWith(prefix));
  return true;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Persistent {
  /** Set when the transport gives up (close timeout): pending work then stays pending in Redis. */
  abandoned = false;

  constructor(private readonly logger: Logger) {}

  async run<T>(what: string, command: () => Promise<T>): Promise<T> {
    for (let failures = 0; ; failures++) {
      try {
        return await command();
      } catch (error) {
        if (this.abandoned || !isTransient(error)) throw error;
        if (failures === 0) this.logger.warn(`redis: ${what} failed, retrying until the server is back`, { error: String(error) });
        await sleep(Math.min(25 * 2 ** failures, 1000));
      }
    }
  }
}
