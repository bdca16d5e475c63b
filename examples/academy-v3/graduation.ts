/**
 * Seed 003 (academy v3): a graduation converts a student into a candidate without any manual
 * step, on eventsmith/postgres.
 * - The academy marks the student graduated and writes `course.graduated` in the same
 *   transaction (outbox): the event exists iff the graduation committed.
 * - The relay publishes it; four subscribers (ATS, companions, trikala, notifications) each
 *   write with the transaction their inbox gives them, so a redelivery has no second effect.
 * - Everything lands in seed 003's `system_events`, with each group's outcome; the resume
 *   generator fails and is isolated, and the seed's questions are answered by `audit.query`.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy npm run example examples/academy-v3/graduation.ts
 */
import pg from "pg";
import { postgresAudit, postgresInbox, postgresOutbox } from "eventsmith/postgres";
import { createEventBus } from "../../generated/index.js";

const pool = new pg.Pool({ connectionString: process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/academy" });
await pool.query(`CREATE TABLE IF NOT EXISTS user_profiles (id TEXT PRIMARY KEY, graduated_at TIMESTAMPTZ, candidate_status TEXT);
                  CREATE TABLE IF NOT EXISTS pod_members (pod_id TEXT, user_id TEXT, PRIMARY KEY (pod_id, user_id));
                  INSERT INTO user_profiles (id) VALUES ('user-123') ON CONFLICT DO NOTHING`);

const bus = createEventBus({ source: "academy" });
const outbox = postgresOutbox({ pool, bus });
const audit = postgresAudit({ pool, bus });
await Promise.all([outbox.migrate(), audit.migrate()]);
await audit.attach();
const inbox = postgresInbox({ pool, audit });

await bus.subscribe("course.graduated", async (event, { tx }) => {
  // ATS: the graduate becomes a candidate on the bench
  await tx.query("UPDATE user_profiles SET candidate_status = 'bench' WHERE id = $1", [event.data.userId]);
}, { group: "ats", inbox });
await bus.subscribe("course.graduated", async () => {
  throw new Error("resume generator unavailable"); // companions: the AI resume service is down
}, { group: "companions", inbox, maxDeliver: 2, backoff: [50] });
await bus.subscribe("course.graduated", async (event, { tx }) => {
  // trikala: assign to a pod, then tell the pod's senior (correlation follows automatically)
  await tx.query("INSERT INTO pod_members VALUES ('pod-7', $1) ON CONFLICT DO NOTHING", [event.data.userId]);
  await bus.publish("notification.send", { userId: "senior-1", title: "New Pod Member", message: `${event.data.userId} joined your pod`, type: "info" });
}, { group: "trikala", inbox });
const notified: string[] = [];
await bus.subscribe("notification.send", async (event) => {
  notified.push(`${event.data.title}: ${event.data.message}`);
}, { group: "notifications", inbox });

const relay = outbox.startRelay();
const client = await pool.connect();
await client.query("BEGIN");
await client.query("UPDATE user_profiles SET graduated_at = now() WHERE id = $1", ["user-123"]);
const graduated = await outbox.publish(client, "course.graduated", { userId: "user-123", courseId: "course-456", finalScore: 95 });
await client.query("COMMIT");
client.release();

// the resume generator gets its second attempt 50 ms later, then gives up
while ((await bus.deadLetters.list()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
while ((await audit.query({ correlationId: graduated.id })).length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
await relay.stop();
await bus.close(); // drains the handlers still running

const profile = await pool.query("SELECT candidate_status FROM user_profiles WHERE id = 'user-123'");
console.log("candidate status:", profile.rows[0].candidate_status);
console.log("pod members:", (await pool.query("SELECT pod_id, user_id FROM pod_members")).rows);
console.log("notifications:", notified);
console.log("dead letters:", (await bus.deadLetters.list()).map((d) => `${d.group}: ${d.error.code} after ${d.error.attempts} attempts`));

// The seed's questions, through the audit trail.
const [event] = await audit.query({ type: "course.*", from: new Date(Date.now() - 30 * 86_400_000) });
console.log("who graduated:", event ? { type: event.type, userId: (event.data as { userId: string }).userId, sameEvent: event.id === graduated.id } : null);
console.log("outcomes:", event?.outcomes.map((o) => `${o.group}: ${o.error ?? "ok"} (attempt ${o.attempts})`).join("; "));
console.log("failed handlers:", event?.error);
const chain = await audit.query({ correlationId: graduated.id });
console.log("audit trail of the graduation:", chain.map((record) => record.type));
await pool.end();
