/**
 * Whether the last word of an event name reads as a past participle: `created`, `goal_reached`,
 * `sent`. Regular verbs end in `ed`; the irregular ones event names actually use are listed.
 */
const IRREGULAR = new Set(
  [
    "arisen awoken beaten become begun bent bet bid bitten bled blown born borne bought bound broken brought built",
    "burnt burst cast caught chosen clung come cost crept cut dealt done drawn dreamt driven drunk dug dwelt eaten",
    "fallen fed felt fit fled flown forbidden forecast forgiven forgotten forgone frozen found fought given gone",
    "got gotten grown hung had heard held hidden hit hurt kept knelt known laid led leant leapt learnt left lent",
    "let lit lost made meant met mistaken misunderstood overcome overdrawn overheard overridden overrun overtaken",
    "overthrown overwritten paid proven put quit read rebuilt redone remade rerun reset resent retaken rewritten",
    "ridden risen run rung said sat seen sent set sewn shaken shed shone shot shown shrunk shut slept slid slit",
    "sold sought sown spat spent spilt split spoilt spoken sped spread sprung spun stolen stood struck stuck stung",
    "sunk sung swept sworn swum swung taken taught thought thrown told torn trodden undergone understood undone",
    "undertaken upheld upset withdrawn withheld woken won worn wound written",
  ].join(" ").split(" "),
);

/** Particles of phrasal verbs: in `user.signed_up` the verb is `signed`. */
const PARTICLES = new Set(["up", "down", "in", "out", "on", "off", "over", "back", "away", "through"]);

/**
 * The verb of an event name: the last `_`/`-` separated word of its last `.` segment, before any
 * particle. `workflow.run.goal_reached` -> `reached`, `user.signed_up` -> `signed`.
 */
export function lastWord(eventName: string): string {
  const words = (eventName.split(".").at(-1) ?? "").split(/[_-]/).filter(Boolean);
  while (words.length > 1 && PARTICLES.has(words.at(-1)!.toLowerCase())) words.pop();
  return words.at(-1) ?? "";
}

export function isPastTense(word: string): boolean {
  const lower = word.toLowerCase();
  return (lower.length > 2 && lower.endsWith("ed")) || IRREGULAR.has(lower);
}
