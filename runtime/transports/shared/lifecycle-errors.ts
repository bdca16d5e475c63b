/**
 * The same misuse gets the same error on every transport: starting one twice, or using one
 * before the bus started it. (Using one after close is `BusClosedError`, code BUS_CLOSED.)
 */
import { EventsmithError } from "../../bus/errors.js";

/** `start()` called a second time: a transport serves one bus. Code TRANSPORT_STARTED. */
export function alreadyStarted(transport: string): EventsmithError {
  return new EventsmithError(`a ${transport} transport serves one bus: it was already started`, "TRANSPORT_STARTED");
}

/** Work before `start()` (the bus calls it). Code TRANSPORT_NOT_STARTED. */
export function notStarted(transport: string): EventsmithError {
  return new EventsmithError(`the ${transport} transport has not been started`, "TRANSPORT_NOT_STARTED");
}
