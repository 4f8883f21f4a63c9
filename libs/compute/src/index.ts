export * from "./compute.port.js";
export { SimulatedComputeDriver } from "./simulated/simulated-compute-driver.js";
export type { LiveDyno } from "./simulated/simulated-compute-driver.js";
export type { SimulatedComputeDriverOptions } from "./simulated/simulated-compute-driver-options.js";
