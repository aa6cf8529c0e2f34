// Debian's Chromium, driven by playwright-core (no browser download).
import fs from 'node:fs';
import { testEnv } from '../../src/config/index.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const chromiumPath = () => testEnv().chromium;
export const chromiumPresent = () => fs.existsSync(chromiumPath());
