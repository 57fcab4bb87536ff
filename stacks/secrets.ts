/**
 * The optional API key for writes (packages/api/src/runtime/config.ts reads
 * it as `Resource.ApiKey.value`). Set per stage with
 * `sst secret set ApiKey <value> --stage <stage>`; until then the empty
 * placeholder leaves writes open (the open mode).
 */
export const apiKey = new sst.Secret("ApiKey", "");
