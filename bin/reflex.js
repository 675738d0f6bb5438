#!/usr/bin/env node
// The `reflex` CLI runs straight from the TypeScript sources, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
