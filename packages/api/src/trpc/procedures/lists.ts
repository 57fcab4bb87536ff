/** What every list over REST shares (`meta.rest.list`): its items as a plain JSON array, the next page in `Link`. */
import type { RestContract } from "../../protocol/rest-contract.js";
import { READ_ERRORS } from "./common-errors.js";

/** A list's `meta.rest`: 200 with `Link`, its own errors, a refused credential's 401 (unless its own says more) and the 503. */
export const listContract = (description: string, errors: RestContract["errors"]): RestContract => ({
  success: 200,
  description,
  list: true,
  headers: { Link: true },
  errors: { ...READ_ERRORS, ...errors },
});
