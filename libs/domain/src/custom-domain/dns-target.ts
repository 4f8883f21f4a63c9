import { invalid } from "../shared/domain-error.js";

const ADJECTIVES = [
  "amber",
  "bold",
  "crisp",
  "silent",
  "golden",
  "hazy",
  "lucid",
  "misty",
  "noble",
  "polished",
  "radiant",
  "serene",
  "shiny",
  "steady",
  "tranquil",
  "vivid",
];
const NOUNS = [
  "basin",
  "cliff",
  "coast",
  "dune",
  "fjord",
  "forest",
  "grove",
  "harbor",
  "lake",
  "mesa",
  "ocean",
  "prairie",
  "reef",
  "ridge",
  "valley",
  "wave",
];

/** `<adjective>-<noun>-<12 hex>.herokudns.com`, the shape of every DNS target. */
const DNS_TARGET = /^[a-z]+-[a-z]+-[0-9a-f]{12}\.herokudns\.com$/;

/**
 * Builds a custom domain's DNS target, such as
 * `tranquil-ocean-1a2b3c4d5e6f.herokudns.com`, from a seed of at least 14
 * hex characters. The same seed gives the same target, so a retried request
 * gets the target of its first attempt.
 */
export function dnsTargetFromSeed(seedHex: string): string {
  const hex = seedHex.replaceAll("-", "").toLowerCase();
  if (!/^[0-9a-f]{14,}$/.test(hex)) {
    throw new Error(
      `DNS target seed ${JSON.stringify(seedHex)} must contain at least 14 hex characters.`,
    );
  }
  const adjective = ADJECTIVES[parseInt(hex.charAt(0), 16)];
  const noun = NOUNS[parseInt(hex.charAt(1), 16)];
  return `${adjective}-${noun}-${hex.slice(2, 14)}.herokudns.com`;
}

export function checkDnsTarget(cname: string): void {
  if (!DNS_TARGET.test(cname)) {
    throw invalid(
      `DNS target ${JSON.stringify(cname)} is invalid: expected <adjective>-<noun>-<12 hex>.herokudns.com.`,
    );
  }
}
