/** Regions where private spaces run, with the description `spaces:info` prints. */
export const SPACE_REGIONS: Readonly<Record<string, string>> = {
  virginia: "Virginia, United States",
  oregon: "Oregon, United States",
  frankfurt: "Frankfurt, Germany",
  dublin: "Dublin, Ireland",
  tokyo: "Tokyo, Japan",
  sydney: "Sydney, Australia",
};

/** Common Runtime regions, for team apps created outside a space. */
export const COMMON_RUNTIME_REGIONS: Readonly<Record<string, string>> = {
  us: "United States",
  eu: "Europe",
};
