/**
 * Shell completion scripts (`migrator completion bash|zsh|fish`), generated from the command table, so
 * that a new command or option completes without touching this file.
 */
import { UsageError } from "../errors.ts";
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec } from "./spec.ts";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** The completion script for `shell`; how to install it is in its first lines. */
export function completionScript(shell: string): string {
  if (shell === "bash") return bash();
  if (shell === "zsh") return zsh();
  if (shell === "fish") return fish();
  throw new UsageError(`No completion for the shell "${shell}"; migrator has completion for ${SHELLS.join(", ")}`);
}

type Options = CommandSpec["options"];

function flags(options: Options): string[] {
  return Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
}

function valued(options: Options): string[] {
  return Object.entries(options).flatMap(([name, o]) => (o.type === "string" ? [`--${name}`, ...(o.short ? [`-${o.short}`] : [])] : []));
}

function bash(): string {
  const cases = Object.entries(COMMANDS).map(([name, c]) => `    ${name}) opts="${flags(c.options).join(" ")}" ;;`);
  const allValued = [...new Set([...valued(GLOBAL_OPTIONS), ...Object.values(COMMANDS).flatMap((c) => valued(c.options))])];
  return `# migrator completion for bash: add to ~/.bashrc
#   eval "$(migrator completion bash)"
_migrator() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" i w opts=""
  local global="${flags(GLOBAL_OPTIONS).join(" ")}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      ${allValued.join("|")}) ((i++)) ;;
      -*) ;;
      *) cmd="$w"; break ;;
    esac
  done
  case "$prev" in
    ${allValued.join("|")}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$global --version" -- "$cur"))
    else COMPREPLY=($(compgen -W "${Object.keys(COMMANDS).join(" ")}" -- "$cur")); fi
    return
  fi
  case "$cmd" in
${cases.join("\n")}
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
  elif [[ "$cmd" == completion ]]; then COMPREPLY=($(compgen -W "${SHELLS.join(" ")}" -- "$cur"))
  elif [[ "$cmd" == init ]]; then COMPREPLY=($(compgen -d -- "$cur"))
  fi
}
complete -o default -F _migrator migrator
`;
}

function zshQuote(text: string): string {
  return text.replace(/'/g, "'\\''").replace(/([[\]:])/g, "\\$1");
}

function zshSpecs(options: Options): string[] {
  return Object.entries(options).flatMap(([name, o]) => {
    const help = zshQuote(o.help);
    const arg = o.type === "string" ? `:${(o.arg ?? "VALUE").toLowerCase()}:${o.arg === "FILE" || o.arg === "DIR" ? "_files" : " "}` : "";
    const repeat = o.multiple ? "*" : "";
    return [`'${repeat}--${name}[${help}]${arg}'`, ...(o.short ? [`'${repeat}-${o.short}[${help}]${arg}'`] : [])];
  });
}

function zsh(): string {
  const described = Object.entries(COMMANDS).map(([name, c]) => `    '${name}:${zshQuote(c.summary)}'`);
  const cases = Object.entries(COMMANDS).map(([name, c]) => `    ${name}) _arguments -s ${[...zshSpecs(c.options), ...zshSpecs(GLOBAL_OPTIONS), "'*:argument:_files'"].join(" ")} ;;`);
  return `#compdef migrator
# migrator completion for zsh: add to ~/.zshrc (after compinit)
#   eval "$(migrator completion zsh)"
_migrator() {
  local -a commands
  commands=(
${described.join("\n")}
  )
  local i cmd=""
  for ((i = 2; i < CURRENT; i++)); do
    case "\${words[i]}" in
      ${valued(GLOBAL_OPTIONS).join("|")}) ((i++)) ;;
      -*) ;;
      *) cmd="\${words[i]}"; break ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    if [[ "\${words[CURRENT]}" == -* ]]; then _arguments -s ${zshSpecs(GLOBAL_OPTIONS).join(" ")} '--version[print the version]'
    else _describe 'command' commands; fi
    return
  fi
  case "$cmd" in
${cases.join("\n")}
    completion) _values 'shell' ${SHELLS.join(" ")} ;;
  esac
}
compdef _migrator migrator
`;
}

function fishQuote(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function fishOption(name: string, o: Options[string], condition: string): string {
  const parts = ["complete -c migrator", condition, `-l ${name}`, o.short ? `-s ${o.short}` : "", o.type === "string" ? "-r" : "", `-d ${fishQuote(o.help)}`];
  return parts.filter(Boolean).join(" ");
}

function fish(): string {
  const names = Object.keys(COMMANDS).join(" ");
  const lines = [
    "# migrator completion for fish: save as ~/.config/fish/completions/migrator.fish",
    "#   migrator completion fish > ~/.config/fish/completions/migrator.fish",
    "complete -c migrator -f",
    ...Object.entries(COMMANDS).map(([name, c]) => `complete -c migrator -n "not __fish_seen_subcommand_from ${names}" -a ${name} -d ${fishQuote(c.summary)}`),
    ...Object.entries(GLOBAL_OPTIONS).map(([name, o]) => fishOption(name, o, "")),
    ...Object.entries(COMMANDS).flatMap(([cmd, c]) => Object.entries(c.options).map(([name, o]) => fishOption(name, o, `-n "__fish_seen_subcommand_from ${cmd}"`))),
    `complete -c migrator -n "__fish_seen_subcommand_from completion" -a "${SHELLS.join(" ")}"`,
    `complete -c migrator -n "__fish_seen_subcommand_from init types" -a "(__fish_complete_directories)"`,
  ];
  return `${lines.join("\n")}\n`;
}
