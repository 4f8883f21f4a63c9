import { invalid } from "../shared/domain-error.js";

const SPACE_SIZES = ["Private-S", "Private-M", "Private-L"];
const SHIELD_SIZES = ["Shield-S", "Shield-M", "Shield-L"];
const COMMON_RUNTIME_SIZES = [
  "Eco",
  "Basic",
  "Standard-1X",
  "Standard-2X",
  "Performance-M",
  "Performance-L",
];

/** Where an app runs, which decides the dyno sizes it may use. */
export interface SizePlacement {
  inSpace: boolean;
  shield: boolean;
}

/** Size new process types get: the smallest size of the app's runtime. */
export function defaultDynoSize(placement: SizePlacement): string {
  return placement.inSpace ? "Private-S" : "Standard-1X";
}

/**
 * Returns the size in its canonical spelling. Sizes are matched without
 * regard to case because `heroku ps:type private-l` sends them as typed.
 * Apps in a space take `Private-*` sizes, and apps in a shield space also
 * `Shield-*`; apps outside spaces take the Common Runtime sizes.
 */
export function canonicalDynoSize(
  requested: string,
  placement: SizePlacement,
): string {
  const allowed = placement.inSpace
    ? [...SPACE_SIZES, ...(placement.shield ? SHIELD_SIZES : [])]
    : COMMON_RUNTIME_SIZES;
  const size = allowed.find(
    (candidate) => candidate.toLowerCase() === requested.toLowerCase(),
  );
  if (!size) {
    throw invalid(
      `Dyno size ${JSON.stringify(requested)} is not available for this app: use ${allowed.join(", ")}.`,
    );
  }
  return size;
}
