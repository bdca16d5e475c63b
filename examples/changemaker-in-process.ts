/**
 * Seed 000 (Changemaker Lite): the in-process bus. Listeners subscribe by exact name and by
 * wildcard, a failing listener is isolated, and the bus's stats are what the seed's
 * `GET /api/observability/event-bus` endpoint shows.
 *
 *   npm run example examples/changemaker-in-process.ts
 */
import { NonRetryableError } from "eventsmith/runtime";
import { createEventBus } from "../generated/index.js";

const bus = createEventBus({ source: "changemaker-api" });

// Engagement scoring (seed 000: donation=50, shift=20, canvass=15): a Redis ZSET in the seed.
const weights = { "donation.completed": 50, "shift.signup.created": 20, "canvass.session.completed": 15 } as const;
const scores = new Map<string, number>();
const addScore = (email: string, points: number) => void scores.set(email, (scores.get(email) ?? 0) + points);
// A group is one pattern whose events its members share, so each subscription has its own.
await bus.subscribe("donation.completed", (event) => addScore(event.data.donorEmail, weights[event.type]), { group: "scoring-donations" });
await bus.subscribe("shift.signup.created", (event) => addScore(event.data.volunteerEmail, weights[event.type]), { group: "scoring-signups" });
await bus.subscribe("canvass.session.completed", (event) => addScore(event.data.volunteerEmail, weights[event.type]), { group: "scoring-canvass" });

// Calendar sync listens to every shift event: `shift.*` narrows `event.data` on `event.type`.
const calendar: string[] = [];
await bus.subscribe("shift.*", (event) => {
  if (event.type === "shift.created") calendar.push(`${event.data.title} @ ${event.data.startsAt}`);
}, { group: "calendar-sync" });

// The n8n bridge forwards everything (`>`); here its webhook is down and refuses for good.
await bus.subscribe(">", () => {
  throw new NonRetryableError("n8n webhook returned 410 Gone");
}, { group: "n8n-webhook" });

await bus.publish("shift.created", {
  shiftId: "clx0001k9c0f0000qv08",
  title: "Saturday door knocking — Ward 6",
  startsAt: "2026-04-04T14:00:00.000Z",
  endsAt: "2026-04-04T17:00:00.000Z",
  location: "Community hall, 120 Main St",
  capacity: 12,
  isPublic: true,
});
await bus.publish("shift.signup.created", {
  signupId: "clx0002k9c0f0000qv08",
  shiftId: "clx0001k9c0f0000qv08",
  shiftTitle: "Saturday door knocking — Ward 6",
  startsAt: "2026-04-04T14:00:00.000Z",
  volunteerEmail: "sam@example.org",
  volunteerName: "Sam Rivera",
});
await bus.publish("donation.completed", {
  donationId: "clx0020k9c0f0000qv08",
  donorEmail: "sam@example.org",
  donorName: "Sam Rivera",
  amount: { amountCents: 2500, currency: "CAD" },
  stripePaymentIntentId: "pi_3OqZ2aEXAMPLE",
});

await bus.close(); // drains every handler before resolving

console.log("engagement scores:", Object.fromEntries(scores));
console.log("calendar:", calendar);
console.log("dead letters (n8n):", (await bus.deadLetters.list()).map((d) => `${d.originalEvent && "type" in d.originalEvent ? d.originalEvent.type : "?"}: ${d.error.code} ${d.error.message}`));
const { events, subscriptions } = bus.stats();
console.log("published:", Object.fromEntries(Object.entries(events).filter(([, c]) => c.published > 0).map(([name, c]) => [name, c.published])));
console.log("subscriptions:", subscriptions.map((s) => `${s.group} ${s.pattern}: delivered ${s.delivered}, acked ${s.acked}, dead-lettered ${s.deadLettered}`));
