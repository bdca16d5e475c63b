/**
 * A string matching a regular expression, for generated examples: literals, classes, escapes,
 * groups, alternation and quantifiers (each at its minimum, at least once for readability where
 * the minimum allows zero only through `*`/`?`). Backreferences and lookarounds are not
 * supported: the result is undefined then, and the caller falls back. The result is only a
 * candidate; examples are always checked with ajv afterwards.
 */

const CLASS_ESCAPES: Record<string, string> = { d: "0", w: "a", s: " ", D: "a", W: "-", S: "a" };
const PREFERRED = ["a", "A", "0", "x", "_", "-", " ", "."];

export function sampleForPattern(source: string): string | undefined {
  try {
    const parser = new Parser(source);
    const out = parser.alternation();
    return parser.done() ? out : undefined;
  } catch {
    return undefined;
  }
}

class Unsupported extends Error {}

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  done(): boolean {
    return this.at >= this.source.length;
  }

  /** The first alternative that produces something (alternatives are tried left to right). */
  alternation(): string {
    const first = this.sequence();
    while (this.peek() === "|") {
      this.at++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = "";
    while (!this.done() && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.atom();
      out += this.quantified(atom);
    }
    return out;
  }

  private quantified(atom: string | null): string {
    const char = this.peek();
    let min = 1;
    if (char === "*" || char === "?") {
      this.at++;
      min = 0;
    } else if (char === "+") {
      this.at++;
    } else if (char === "{") {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
      if (match) {
        this.at += match[0].length;
        min = Number(match[1]);
      }
    }
    if (this.peek() === "?") this.at++; // lazy
    return atom === null ? "" : atom.repeat(min);
  }

  /** One atom's text, or null for assertions (anchors, word boundaries). */
  private atom(): string | null {
    const char = this.source[this.at++]!;
    switch (char) {
      case "^":
      case "$":
        return null;
      case ".":
        return "a";
      case "(":
        return this.group();
      case "[":
        return this.charClass();
      case "\\":
        return this.escape(false);
      default:
        return char;
    }
  }

  private group(): string {
    if (this.source.startsWith("?:", this.at)) this.at += 2;
    else if (this.source.startsWith("?<", this.at) && !/^\?<[=!]/.test(this.source.slice(this.at))) this.at = this.source.indexOf(">", this.at) + 1;
    else if (this.peek() === "?") throw new Unsupported("lookaround");
    const inner = this.alternation();
    if (this.source[this.at++] !== ")") throw new Unsupported("unbalanced group");
    return inner;
  }

  private escape(inClass: boolean): string {
    const char = this.source[this.at++];
    if (char === undefined) throw new Unsupported("trailing backslash");
    if (char in CLASS_ESCAPES) return CLASS_ESCAPES[char]!;
    if (/[1-9]/.test(char) || char === "k") throw new Unsupported("backreference");
    if (char === "b" || char === "B") {
      if (inClass) return "\b";
      return "";
    }
    if (char === "n") return "\n";
    if (char === "t") return "\t";
    if (char === "u" && /^[0-9a-fA-F]{4}/.test(this.source.slice(this.at))) {
      const code = parseInt(this.source.slice(this.at, this.at + 4), 16);
      this.at += 4;
      return String.fromCharCode(code);
    }
    if (char === "x" && /^[0-9a-fA-F]{2}/.test(this.source.slice(this.at))) {
      const code = parseInt(this.source.slice(this.at, this.at + 2), 16);
      this.at += 2;
      return String.fromCharCode(code);
    }
    if (char === "p" || char === "P") throw new Unsupported("unicode property");
    return char;
  }

  /** A character the class accepts: a preferred readable one when possible, else its first. */
  private charClass(): string {
    const negated = this.peek() === "^";
    if (negated) this.at++;
    const ranges: [number, number][] = [];
    let first = true;
    while (this.peek() !== "]" || first) {
      if (this.done()) throw new Unsupported("unterminated class");
      first = false;
      const low = this.classChar();
      if (low.length === 1 && this.peek() === "-" && this.source[this.at + 1] !== "]" && this.source[this.at + 1] !== undefined) {
        this.at++;
        const high = this.classChar();
        ranges.push([low.codePointAt(0)!, high.codePointAt(0)!]);
      } else {
        for (const c of low) ranges.push([c.codePointAt(0)!, c.codePointAt(0)!]);
      }
    }
    this.at++;
    const accepts = (c: string) => ranges.some(([lo, hi]) => c.codePointAt(0)! >= lo && c.codePointAt(0)! <= hi) !== negated;
    const preferred = PREFERRED.find(accepts);
    if (preferred !== undefined) return preferred;
    if (!negated && ranges.length > 0) return String.fromCodePoint(ranges[0]![0]);
    for (let code = 33; code < 127; code++) if (accepts(String.fromCharCode(code))) return String.fromCharCode(code);
    throw new Unsupported("empty class");
  }

  /** A class member; `\d` and friends expand to a few representative characters. */
  private classChar(): string {
    const char = this.source[this.at++]!;
    if (char !== "\\") return char;
    const next = this.peek();
    if (next === "d") return (this.at++, "0123456789");
    if (next === "w") return (this.at++, "aA0_");
    if (next === "s") return (this.at++, " ");
    return this.escape(true);
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }
}
