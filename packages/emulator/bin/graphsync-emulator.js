#!/usr/bin/env node
// The command's entry. The emulator is compiled into dist/ by the build; this file exists before any build so
// that pnpm can link the bin in a fresh workspace (and a published install sees the same path).
import "../dist/bin.js";
