import { listTemplates as builtinTemplates } from "../script/templates.ts";

/** The templates `migrator init -t <name>` can write, with their one-line descriptions. */
export function listTemplates(): { name: string; description: string }[] {
  return builtinTemplates();
}
