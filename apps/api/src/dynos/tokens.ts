/** Injection token of the compute driver chosen by configuration. */
export const COMPUTE_DRIVER = Symbol("ComputeDriver");
