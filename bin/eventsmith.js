#!/usr/bin/env node
import { main } from "../dist/generator/cli/main.js";

process.exitCode = await main(process.argv);
