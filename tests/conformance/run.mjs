// Placeholder until the conformance runner lands.
console.log("conformance: not yet implemented");
process.exit(0);
