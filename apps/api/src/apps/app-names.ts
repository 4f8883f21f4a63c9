import type { IdGenerator } from "../infrastructure/clock.js";

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

/** A name such as `brisk-harbor-40213` for apps created without one. */
export function generateAppName(ids: IdGenerator): string {
  const random = Number.parseInt(ids.hex(4), 16);
  const adjective = ADJECTIVES[random % ADJECTIVES.length];
  const noun = NOUNS[Math.floor(random / ADJECTIVES.length) % NOUNS.length];
  const digits = String(Math.floor(random / 400) % 100000).padStart(5, "0");
  return `${adjective}-${noun}-${digits}`;
}
