import { invalid } from "../shared/domain-error.js";

/** Words of generated endpoint names such as `tokyo-12345`: cities of Japan. */
export const SNI_ENDPOINT_NAME_WORDS = [
  "akita",
  "aomori",
  "chiba",
  "fukuoka",
  "fukushima",
  "gifu",
  "hakodate",
  "hiroshima",
  "kagoshima",
  "kanazawa",
  "kobe",
  "kochi",
  "kumamoto",
  "kyoto",
  "matsue",
  "matsuyama",
  "miyazaki",
  "morioka",
  "nagano",
  "nagasaki",
  "nagoya",
  "nara",
  "niigata",
  "oita",
  "okayama",
  "osaka",
  "otaru",
  "saga",
  "sapporo",
  "sendai",
  "shizuoka",
  "takamatsu",
  "tokushima",
  "tokyo",
  "tottori",
  "toyama",
  "wakayama",
  "yamagata",
  "yokohama",
] as const;

const WORD_COUNT = SNI_ENDPOINT_NAME_WORDS.length;
const NUMBER_COUNT = 90_000;
/** A name in the SniEndpoint schema of the Platform API: 3 to 30 characters. */
const SNI_ENDPOINT_NAME = /^[a-z][a-z0-9-]{2,29}$/;

/**
 * Returns the `attempt`-th name candidate for `seed`: a word and five
 * digits, `<word>-<10000..99999>`. Consecutive attempts give different
 * names, so a caller whose candidate is taken tries the next one.
 */
export function sniEndpointName(seed: number, attempt: number): string {
  const space = WORD_COUNT * NUMBER_COUNT;
  const index = (((Math.trunc(seed) + attempt) % space) + space) % space;
  const word = SNI_ENDPOINT_NAME_WORDS[index % WORD_COUNT]!;
  const number = 10_000 + Math.floor(index / WORD_COUNT);
  return `${word}-${number}`;
}

export function checkSniEndpointName(name: string): void {
  if (!SNI_ENDPOINT_NAME.test(name)) {
    throw invalid(
      `SNI endpoint name ${JSON.stringify(name)} is invalid: use 3 to 30 lowercase letters, digits and dashes, starting with a letter.`,
    );
  }
}
