// run.mjs: every browser test of the web console, in one Chromium.
import { run } from './lib.mjs';
import './console.mjs';
import './units.mjs';
import './places.mjs';
import './doorplates.mjs';
import './inspect.mjs';

await run();
