export {
  startDevIssuer,
  DEFAULT_WEB_REDIRECT_URIS,
  TOKEN_CLIENT_ID,
  TOKEN_CLIENT_REDIRECT_URI,
  WEB_CLIENT_ID,
  type DevIssuer,
  type DevIssuerOptions,
} from "./issuer.js";
export { obtainTokens, type FlowOptions, type TokenOptions, type TokenSet } from "./flow.js";
export { DEV_EMAIL_DOMAIN, type DevUser } from "./accounts.js";
export type { SigningAlgorithm } from "./keys.js";
export { DEV_ISSUER_PORT, DEV_AUDIENCE, devIssuerUrl } from "./defaults.js";
