/**
 * The service keys (packages/api/src/runtime/config.ts reads them as
 * `Resource.ApiKey.value`): one or more, separated by commas, all valid at
 * once so a key is rotated by adding the new one, moving callers, then
 * removing the old one; deployed, each must be at least 32 characters. Set per
 * stage with `sst secret set ApiKey <key1>,<key2> --stage <stage>`.
 * Empty (the placeholder) means no services: people still sign in through the
 * issuer (stacks/auth.ts). A stage with neither keys nor an issuer is refused
 * by the function at start-up.
 */
export const apiKey = new sst.Secret("ApiKey", "");
