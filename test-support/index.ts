/** What the tests of every package share: the store, the valid event, JSON responses. */
export { startStore, type TestStore } from "./store.js";
export { validEvent } from "./events.js";
export { parseJson, readJson, type JsonResponse } from "./json.js";
export { CHROMIUM, CHROMIUM_LAUNCH, skipWithoutChromium } from "./browser.js";
export { startFaultProxy, type FaultProxy } from "./fault-proxy.js";
export {
  HANG_UP,
  startFileReceiver,
  startWebhookReceiver,
  type WebhookReceiver,
  type ReceivedMessage,
  type PathProgram,
  type ReceiverAnswer,
} from "./webhook-receiver.js";
