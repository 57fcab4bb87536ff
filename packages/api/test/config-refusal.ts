/** What the configuration tests share: the refusal a setting gets. */
import { expect } from "vitest";
import { ConfigError } from "../src/runtime/config.js";

/** The ConfigError that `read` throws; anything else thrown, or nothing, fails the test. */
export function configRefusal(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("the configuration was accepted");
}
