/**
 * Reads the messages of a stream (optionally one subject filter) from the first to the
 * last, through a temporary unacknowledged pull consumer that the server removes by itself
 * if this process dies before deleting it. Built from 2.9 primitives (one filter subject).
 */
import { AckPolicy, DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import type { Link } from "./connection.js";

const BATCH = 256;

/** Visits messages in stream order until `visit` returns false or the stream is exhausted. */
export async function readStream(link: Link, stream: string, filter: string, visit: (msg: JsMsg) => boolean): Promise<void> {
  const info = await link.jsm.consumers.add(stream, {
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filter,
    inactive_threshold: nanos(30_000),
    mem_storage: true,
  });
  try {
    let pending = info.num_pending;
    const consumer = link.js.consumers.getConsumerFromInfo(info);
    while (pending > 0) {
      const batch = await consumer.fetch({ max_messages: Math.min(BATCH, pending), expires: 2000 });
      let received = 0;
      for await (const msg of batch) {
        received++;
        pending = msg.info.pending;
        if (!visit(msg)) return;
      }
      if (received === 0) return;
    }
  } finally {
    await link.jsm.consumers.delete(stream, info.name).catch(() => undefined);
  }
}
