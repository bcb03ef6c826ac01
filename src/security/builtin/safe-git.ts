import { type OptionSpec, optionSpec, parseOptions } from "../shell/options.js";

/**
 * Read-only uses of git: each read-only subcommand with the options it may have. Anything else (an unknown
 * option, `--output`, `--ext-diff`, `--textconv`, `-O<pager>`, a global option other than the harmless few)
 * takes the command off the known-safe list.
 */

/** Global options that only change what is shown; `-C` changes where. */
const GLOBAL = optionSpec(
  "-C= -P --no-pager --no-optional-locks --literal-pathspecs --glob-pathspecs --noglob-pathspecs --icase-pathspecs --no-replace-objects",
  "-c= -p --paginate --config-env= --exec-path=? --git-dir= --work-tree= --namespace= --super-prefix= --bare --html-path --man-path --info-path --list-cmds=",
  { stopAtOperand: true },
);

/** Options of `git diff`, `log` and `show` that only change what is printed. */
const DIFF_DISPLAY =
  "-p -u -s -z -U= -M=? -C=? -B=? -D -R -a -b -w -W --patch --no-patch --unified= --raw --patch-with-raw " +
  "--stat=? --compact-summary --numstat --shortstat --dirstat=? --summary --name-only --name-status " +
  "--submodule=? --color=? --no-color --color-moved=? --no-color-moved --word-diff=? --word-diff-regex= " +
  "--color-words=? --no-renames --find-renames=? --find-copies=? --find-copies-harder --irreversible-delete " +
  "--diff-filter= --check --full-index --binary --abbrev=? --no-abbrev --text --ignore-space-at-eol " +
  "--ignore-space-change --ignore-all-space --ignore-blank-lines --ignore-cr-at-eol --ignore-matching-lines= " +
  "--inter-hunk-context= --function-context --exit-code --quiet --no-ext-diff --no-textconv --ignore-submodules=? " +
  "--src-prefix= --dst-prefix= --no-prefix --default-prefix --relative=? --no-relative --minimal --patience " +
  "--histogram --anchored= --diff-algorithm= --stat-width= --stat-name-width= --stat-count= --indent-heuristic " +
  "--no-indent-heuristic --ws-error-highlight= -S= -G= --pickaxe-all --pickaxe-regex --find-object= -l= -t";

/** Options of `git log`, `show`, `shortlog`, `rev-list` that choose and format commits. */
const LOG_DISPLAY =
  "-n= -i -E -F -P -L= --max-count= --skip= --since= --after= --until= --before= --author= --committer= --grep= " +
  "--all-match --invert-grep --regexp-ignore-case --basic-regexp --extended-regexp --fixed-strings --perl-regexp " +
  "--merges --no-merges --min-parents= --max-parents= --first-parent --not --all --branches=? --tags=? --remotes=? " +
  "--glob= --exclude= --reflog --follow --full-history --simplify-by-decoration --ancestry-path=? --dense --sparse " +
  "--simplify-merges --topo-order --date-order --author-date-order --reverse --no-walk=? --do-walk --left-right " +
  "--left-only --right-only --cherry-pick --cherry-mark --cherry --boundary --graph --oneline --pretty=? --format= " +
  "--abbrev-commit --no-abbrev-commit --encoding= --notes=? --no-notes --expand-tabs=? --no-expand-tabs --relative-date " +
  "--date= --parents --children --decorate=? --no-decorate --source --use-mailmap --mailmap --log-size --cc -c -m " +
  "--remerge-diff --diff-merges= --no-diff-merges --combined-all-paths --first-parent --count --objects --timestamp " +
  "--walk-reflogs -g --since-as-filter= --clear-decorations --decorate-refs= --decorate-refs-exclude= --full-diff";

function gitSpec(allowed: string, flags: { numeric?: boolean } = {}): OptionSpec {
  return optionSpec(allowed, "", flags);
}

const LOG = gitSpec(`${DIFF_DISPLAY} ${LOG_DISPLAY}`, { numeric: true });

/** The options of `git grep` (its whole list, so abbreviations resolve as git resolves them). */
const GREP_ALLOWED =
  "-A= -B= -C= -E -F -G -H -I -L -P -W -a -c -e= -f= -h -i -l -m= -n -o -p -q -r -v -w -z " +
  "--after-context= --all-match --and --basic-regexp --before-context= --break --cached --color=? --column " +
  "--context= --count --exclude-standard --extended-regexp --files-with-matches --files-without-match " +
  "--fixed-strings --full-name --function-context --heading --ignore-case --invert-match --line-number " +
  "--max-count= --max-depth= --name-only --not --null --only-matching --or --perl-regexp --quiet " +
  "--recurse-submodules --recursive --show-function --text --threads= --untracked --word-regexp --no-textconv";
const GREP_OTHER = "-O=? --open-files-in-pager=? --textconv --no-index --ext-grep";

/** git accepts `--no-<name>` for almost every long option; list them so prefixes resolve the way git does. */
function withNegations(allowed: string, other: string): OptionSpec {
  const longs = `${allowed} ${other}`
    .split(/\s+/)
    .filter((token) => token.startsWith("--") && !token.startsWith("--no-"))
    .map((token) => `--no-${token.slice(2).replace(/=\??$/, "")}`);
  const allowedNegations = ["--no-color", "--no-recursive", "--no-exclude-standard", "--no-index"]
    .filter((name) => longs.includes(name) && name !== "--no-index")
    .join(" ");
  const otherNegations = longs.filter((name) => !allowedNegations.split(" ").includes(name)).join(" ");
  return optionSpec(`${allowed} ${allowedNegations}`, `${other} ${otherNegations}`, {
    complete: true,
    numeric: true,
  });
}

const GREP = withNegations(GREP_ALLOWED, GREP_OTHER);

const SUBCOMMANDS: Record<string, OptionSpec> = {
  status: gitSpec(
    "-s -b -v -z -u=? --short --branch --porcelain=? --long --verbose --untracked-files=? --ignored=? " +
      "--ignore-submodules=? --column=? --no-column --ahead-behind --no-ahead-behind --renames --no-renames " +
      "--find-renames=? --show-stash",
  ),
  diff: gitSpec(`${DIFF_DISPLAY} --cached --staged --merge-base -1 -2 -3 --ours --theirs --base`, {
    numeric: true,
  }),
  log: LOG,
  show: LOG,
  shortlog: gitSpec(`${LOG_DISPLAY} -s -e -w=? --numbered --summary --email --group=`, { numeric: true }),
  "rev-list": LOG,
  grep: GREP,
  blame: gitSpec(
    "-L= -l -t -s -e -w -M=? -C=? -b -n -f -c -p --porcelain --line-porcelain --incremental --root --show-stats " +
      "--date= --abbrev=? --show-number --show-name --show-email --since= --ignore-rev= --color-lines " +
      "--color-by-age --minimal --reverse= --first-parent --encoding= --progress --no-progress --score-debug",
  ),
  "ls-files": gitSpec(
    "-c -d -m -o -i -s -u -k -z -t -v -f --cached --deleted --modified --others --ignored --stage --unmerged " +
      "--killed --directory --no-empty-directory --exclude= -x= --exclude-standard --error-unmatch --full-name " +
      "--recurse-submodules --abbrev=? --debug --eol --deduplicate --format= --sparse",
  ),
  "ls-tree": gitSpec(
    "-d -r -t -l -z --long --name-only --name-status --object-only --full-name --full-tree --abbrev=? --format=",
  ),
  "rev-parse": gitSpec(
    "-q --abbrev-ref=? --short=? --verify --quiet --show-toplevel --git-dir --git-common-dir --absolute-git-dir " +
      "--is-inside-work-tree --is-bare-repository --is-inside-git-dir --is-shallow-repository --show-prefix " +
      "--show-cdup --symbolic --symbolic-full-name --all --branches=? --tags=? --remotes=? --glob= --not " +
      "--default= --git-path= --show-superproject-working-tree --show-object-format=? --path-format= --revs-only " +
      "--no-revs --flags --no-flags --sq --since= --after= --until= --before= --local-env-vars",
  ),
  describe: gitSpec(
    "--tags --all --long --abbrev= --always --dirty=? --broken=? --contains --exact-match --first-parent " +
      "--match= --exclude= --candidates=",
  ),
  "cat-file": gitSpec("-t -s -p -e --batch=? --batch-check=? --follow-symlinks --unordered -Z --use-mailmap"),
  "merge-base": gitSpec("-a --all --octopus --independent --is-ancestor --fork-point"),
};

/** `git branch`, `tag`, `remote`, `stash`, `config`: read-only only in some forms. */
const FORMS: Record<string, { spec: OptionSpec; ok: (names: Set<string>, operands: string[]) => boolean }> = {
  branch: {
    spec: gitSpec(
      "-a -r -v -l -i --all --remotes --verbose --list --show-current --contains=? --no-contains=? --merged=? " +
        "--no-merged=? --points-at= --sort= --format= --color=? --no-color --column=? --no-column --ignore-case " +
        "--abbrev= --no-abbrev",
    ),
    // Without --list an operand creates a branch.
    ok: (names, operands) => operands.length === 0 || names.has("l") || names.has("list"),
  },
  tag: {
    spec: gitSpec(
      "-l -n=? -i --list --sort= --contains=? --no-contains=? --points-at= --merged=? --no-merged=? --format= " +
        "--column=? --no-column --ignore-case --color=?",
    ),
    ok: (names, operands) => operands.length === 0 || names.has("l") || names.has("list"),
  },
  remote: {
    spec: gitSpec("-v --verbose --push --all"),
    ok: (names, operands) =>
      operands.length === 0
        ? !names.has("push") && !names.has("all")
        : operands[0] === "get-url" && operands.length === 2,
  },
  stash: {
    spec: gitSpec(`${DIFF_DISPLAY} ${LOG_DISPLAY}`, { numeric: true }),
    ok: (_names, operands) => operands[0] === "list" || (operands[0] === "show" && operands.length <= 2),
  },
  config: {
    spec: gitSpec(
      "-l -z --get --get-all --get-regexp --list --show-origin --show-scope --name-only --null --local --global " +
        "--system --worktree --type= --bool --int --path --default= --includes --no-includes",
    ),
    ok: (names, operands) => {
      const reads = ["get", "get-all", "get-regexp"].filter((name) => names.has(name)).length;
      if (names.has("list") || names.has("l")) return reads === 0 && operands.length === 0;
      return reads === 1 && operands.length >= 1 && operands.length <= 2;
    },
  },
};

/** Why this `git` command is not known to be read-only, or undefined when it is. */
export function gitReadOnlyProblem(args: string[]): string | undefined {
  const global = parseOptions(args, GLOBAL);
  if (!global.ok) return `git ${global.problem}`;
  const bad = global.options.find((option) => !option.allowed);
  if (bad) return `the git option ${bad.spelled} can change what git runs or where it works`;
  const [sub, ...rest] = global.operands;
  if (sub === undefined) return "git without a subcommand";
  const plain = SUBCOMMANDS[sub];
  const form = FORMS[sub];
  const spec = plain ?? form?.spec;
  if (!spec) return `git ${sub} is not a read-only git command`;
  const parsed = parseOptions(rest, spec);
  if (!parsed.ok) return `git ${sub}: ${parsed.problem}`;
  const denied = parsed.options.find((option) => !option.allowed);
  if (denied) return `git ${sub} ${denied.spelled} can write files or run programs`;
  if (form && !form.ok(new Set(parsed.options.map((option) => option.name)), parsed.operands))
    return `this form of git ${sub} changes the repository`;
  return undefined;
}
