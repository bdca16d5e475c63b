/** File names and anchors for catalog names (services, owners): stable, URL-safe, unique. */

/** `Contacts Service` -> `contacts-service`; never empty. */
function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "unnamed"
  );
}

/**
 * Slugs for a set of names, unique among them (`-2`, `-3` on clashes). Names are taken in
 * sorted order, so a name's slug never depends on the order it was discovered in.
 */
export function uniqueSlugs(names: Iterable<string>): Map<string, string> {
  const taken = new Set<string>();
  const out = new Map<string, string>();
  for (const name of [...new Set(names)].sort()) {
    const base = slugify(name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    out.set(name, slug);
  }
  return out;
}
