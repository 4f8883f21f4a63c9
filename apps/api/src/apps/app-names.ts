const ADJECTIVES = [
  "amber",
  "brisk",
  "calm",
  "dapper",
  "eager",
  "fuzzy",
  "gentle",
  "hidden",
  "ivory",
  "jolly",
  "keen",
  "lively",
  "mellow",
  "nimble",
  "quiet",
  "rapid",
  "sunny",
  "tidy",
  "vast",
  "witty",
];
const NOUNS = [
  "anchor",
  "badger",
  "canyon",
  "delta",
  "ember",
  "falcon",
  "glacier",
  "harbor",
  "island",
  "juniper",
  "kettle",
  "lagoon",
  "meadow",
  "nebula",
  "orchard",
  "pebble",
  "quarry",
  "river",
  "summit",
  "tundra",
];

/**
 * Derives a name such as `brisk-harbor-40213` for an app created without
 * one, from a hex or UUID seed, so a retried request gets the same name.
 */
export function generateAppName(seed: string): string {
  const random = Number.parseInt(seed.replaceAll("-", "").slice(0, 8), 16);
  const adjective = ADJECTIVES[random % ADJECTIVES.length];
  const noun = NOUNS[Math.floor(random / ADJECTIVES.length) % NOUNS.length];
  const digits = String(Math.floor(random / 400) % 100000).padStart(5, "0");
  return `${adjective}-${noun}-${digits}`;
}
