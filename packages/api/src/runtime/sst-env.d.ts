// Hand-written: only `sst dev`/`sst deploy` generate it, and they need AWS; stacks/test/sst-env.test.ts checks it against the stacks' links.
import "sst";
export {};
declare module "sst" {
  export interface Resource {
    ApiKey: { type: "sst.sst.Secret"; value: string };
    Events: { name: string; type: "sst.aws.Dynamo" };
  }
}
