/** The release version, printed by `migrator --version`. */
export const VERSION = "0.1.0";
