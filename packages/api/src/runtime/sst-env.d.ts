/*
 * The resources stacks/function.ts links to the function, as SST types them in
 * the `sst-env.d.ts` that `sst dev`/`sst deploy` generate (offline, nothing
 * generates it, so the two links are stated here in SST's own form).
 */
import "sst";
export {};
declare module "sst" {
  export interface Resource {
    ApiKey: { type: "sst.sst.Secret"; value: string };
    Events: { name: string; type: "sst.aws.Dynamo" };
  }
}
