/** The three kinds of caller of the contract: who the API takes a request to come from. */
import type { ServiceCaller } from "./service-keys.js";
import type { PersonCaller } from "./token-verifier.js";

export interface AnyoneCaller {
  readonly kind: "anyone";
}

export type Caller = PersonCaller | ServiceCaller | AnyoneCaller;

export const ANYONE: AnyoneCaller = Object.freeze({ kind: "anyone" });
