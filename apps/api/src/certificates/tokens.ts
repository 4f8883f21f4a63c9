/** Injection tokens of the certificate feature. */
export const CERTIFICATE_ISSUER = Symbol("CertificateIssuer");
export const CHALLENGE_RESPONSES = Symbol("ChallengeResponses");
