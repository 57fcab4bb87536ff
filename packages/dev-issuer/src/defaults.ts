/** Where `pnpm start:issuer` listens and what `pnpm token` asks for, unless AUTH_ISSUER / AUTH_AUDIENCE say otherwise. */
export const DEV_ISSUER_PORT = 8001;
/** The local API's address (its default port is 8000) as its identifier. */
export const DEV_AUDIENCE = "http://localhost:8000";

export const devIssuerUrl = (port = DEV_ISSUER_PORT) => `http://127.0.0.1:${port}`;
