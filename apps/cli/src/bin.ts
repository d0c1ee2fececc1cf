#!/usr/bin/env node
import 'reflect-metadata';
import { main } from './cli.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
