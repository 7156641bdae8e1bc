// Mocha reporter: mocha's usual `spec` output, live, plus the final counts written as JSON to the file
// given by `--reporter-option output=<file>` so scripts/test.mjs can sum them across layers.
// (Mocha runs one reporter at a time; this avoids parsing the human-readable report.)
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class SpecSummary extends Mocha.reporters.Spec {
  constructor(runner, options = {}) {
    super(runner, options);
    const output = (options.reporterOption || options.reporterOptions || {}).output;
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      if (!output) return;
      const s = runner.stats;
      fs.writeFileSync(output, JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending }));
    });
  }
}
module.exports = SpecSummary;
