/**
 * Seed 003 (academy v3): a graduation converts a student into a candidate without any manual
 * step. One publish, four subscribers (ATS, companions, trikala, notifications); the resume
 * generator fails and is isolated; everything lands in the `system_events` audit table, and
 * the seed's own queries answer "who graduated?" and "any failed handlers?".
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run example examples/academy-v3/graduation.ts
 */
import pg from "pg";
import { createEventBus } from "../../generated/index.js";
import { AuditTrail } from "./audit-trail.js";

const db = new pg.Pool({ connectionString: process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test" });
const audit = new AuditTrail(db);
await audit.migrate();

const bus = createEventBus({ source: "academy" });
await audit.attach(bus);

const roles = new Map<string, string>();
await bus.subscribe("course.graduated", audit.handler(async (event) => {
  roles.set(event.data.userId, "candidate"); // ATS: grant the candidate role, status "bench"
}), { group: "ats" });
await bus.subscribe("course.graduated", audit.handler(async () => {
  throw new Error("resume generator unavailable"); // companions: the AI resume service is down
}), { group: "companions", maxDeliver: 2, backoff: [50] });
await bus.subscribe("course.graduated", audit.handler(async (event) => {
  // trikala: assign to a pod, then tell the pod's senior (correlation follows automatically)
  await bus.publish("notification.send", { userId: "senior-1", title: "New Pod Member", message: `${event.data.userId} joined your pod`, type: "info" });
}), { group: "trikala" });
const notified: string[] = [];
await bus.subscribe("notification.send", audit.handler(async (event) => {
  notified.push(`${event.data.title}: ${event.data.message}`);
}), { group: "notifications" });

const graduated = await bus.publish("course.graduated", { userId: "user-123", courseId: "course-456", finalScore: 95 });
// the resume generator gets its second attempt 50 ms later, then gives up
while ((await bus.deadLetters.list()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
await bus.close(); // drains the handlers still running

console.log("roles:", Object.fromEntries(roles));
console.log("notifications:", notified);
console.log("dead letters:", (await bus.deadLetters.list()).map((d) => `${d.group}: ${d.error.code} after ${d.error.attempts} attempts`));

// The seed's queries.
const recent = await db.query(
  `SELECT type, payload->>'userId' AS user_id FROM system_events
   WHERE type = 'course.graduated' AND created_at >= NOW() - INTERVAL '30 days' AND id = $1`,
  [graduated.id],
);
console.log("who graduated:", recent.rows);
const failed = await db.query(`SELECT type, error FROM system_events WHERE error IS NOT NULL AND correlation_id = $1`, [graduated.id]);
console.log("failed handlers:", failed.rows);
const chain = await db.query(`SELECT type FROM system_events WHERE correlation_id = $1 ORDER BY created_at`, [graduated.id]);
console.log("audit trail of the graduation:", chain.rows.map((r: { type: string }) => r.type));
await db.end();
