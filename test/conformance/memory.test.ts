import { memoryTransport } from "eventsmith/runtime";
import { conformanceSuite } from "./suite.js";

conformanceSuite({
  name: "memory",
  createTransport: async () => memoryTransport(),
  capabilities: memoryTransport().capabilities,
});
