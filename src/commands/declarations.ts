/**
 * Where the binary keeps migrator.d.ts: scripts/build.ts generates it from mod.ts, embeds it as a file
 * and registers its path here before cli.ts runs. Running from source, nothing is registered (the
 * project imports mod.ts itself). Kept free of imports: it loads with every start of the binary.
 */
let embedded: string | undefined;

/** Called by the build's entry module with the path of the embedded migrator.d.ts. */
export function embedDeclarations(path: string): void {
  embedded = path;
}

/** The path of the embedded migrator.d.ts, or undefined when running from source. */
export function embeddedDeclarationsPath(): string | undefined {
  return embedded;
}
