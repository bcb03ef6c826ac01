export { type CatchUpSource, EventHub, type SubscribeOptions } from "./event-hub.js";
