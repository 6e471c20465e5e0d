// Used by validate.ts (validators compiled at run time) and scripts/gen-validators.mjs (at build time),
// so it is plain CommonJS that both can load.
//
// With allErrors, ajv gathers a called validator's errors with `vErrors = vErrors.concat(errs)`,
// which copies every error found so far at each call: 60,000 invalid env entries made validation
// quadratic (minutes). Appending in place gives the same errors in the same order in linear time.
const CONCAT = /vErrors\s*=\s*vErrors\s*===\s*null\s*\?\s*([\w$.]+)\s*:\s*vErrors\.concat\(\1\);/g;

/** The generated validator source with each concatenation of a callee's errors turned into appends. */
function linearErrorAppends(source) {
  const out = source.replace(CONCAT, (_, errs) => `if (vErrors === null) vErrors = ${errs}; else for (let i = 0, n = ${errs}.length; i < n; i++) vErrors.push(${errs}[i]);`);
  // A new ajv that gathers errors another way must not slip back to quadratic unnoticed.
  if (out.includes('vErrors.concat(')) throw new Error('linearErrorAppends: ajv generated an error concatenation this rewrite does not know');
  return out;
}

module.exports = { linearErrorAppends };
