/** The project templates built into the binary (`migrator init -t <name>`), generated from templates/. */
import { UsageError } from "../errors.ts";
import { type BuiltinTemplate, TEMPLATES } from "./templates.gen.ts";

export type { BuiltinTemplate };

/** Every built-in template, sorted by name. */
export function listTemplates(): { name: string; description: string }[] {
  return Object.keys(TEMPLATES)
    .sort()
    .map((name) => ({ name, description: (TEMPLATES[name] as BuiltinTemplate).description }));
}

/**
 * The built-in template `name`.
 * @throws UsageError when there is no such template.
 */
export function builtinTemplate(name: string): BuiltinTemplate {
  const template = Object.hasOwn(TEMPLATES, name) ? TEMPLATES[name] : undefined;
  if (!template) {
    throw new UsageError(`No template named "${name}"; available: ${Object.keys(TEMPLATES).sort().join(", ")}`);
  }
  return template;
}
