import { type OptionSpec, optionSpec } from "../shell/options.js";

/**
 * The read-only allow-lists of the plain known-safe commands: every option each may have and stay read-only.
 * An option not listed (or a listed one under `other`) takes the command off the known-safe list. Lists marked
 * complete are the program's whole option set (from its `--help`), so abbreviations resolve as the program
 * resolves them; elsewhere only exact spellings count.
 */

const COMPLETE = { complete: true } as const;

/** GNU coreutils and friends whose every option only reads or formats. */
export const SAFE_OPTIONS: Record<string, OptionSpec> = {
  cat: optionSpec(
    "-A -b -e -E -n -s -t -T -u -v --show-all --number-nonblank --show-ends --number --squeeze-blank --show-tabs --show-nonprinting --help --version",
    "",
    COMPLETE,
  ),
  head: optionSpec(
    "-c= -n= -q -v -z --bytes= --lines= --quiet --silent --verbose --zero-terminated --help --version",
    "",
    { complete: true, numeric: true },
  ),
  tail: optionSpec(
    "-c= -n= -f -F -q -s= -v -z --bytes= --lines= --follow=? --max-unchanged-stats= --pid= --quiet --retry --silent --sleep-interval= --verbose --zero-terminated --help --version",
    "",
    { complete: true, numeric: true },
  ),
  wc: optionSpec(
    "-c -l -L -m -w --bytes --chars --lines --max-line-length --words --help --version",
    "--files0-from=",
    COMPLETE,
  ),
  grep: optionSpec(
    "-A= -B= -C= -D= -E -F -G -H -I -L -P -R -T -U -V -Z -a -b -c -d= -e= -f= -h -i -l -m= -n -o -q -r -s -v -w -x -y -z " +
      "--after-context= --basic-regexp --before-context= --binary --binary-files= --byte-offset --color=? --colour=? " +
      "--context= --count --dereference-recursive --devices= --directories= --exclude-dir= --exclude-from= --exclude= " +
      "--extended-regexp --file= --files-with-matches --files-without-match --fixed-strings --group-separator= --help " +
      "--ignore-case --include= --initial-tab --invert-match --label= --line-buffered --line-number --line-regexp " +
      "--max-count= --no-filename --no-group-separator --no-ignore-case --no-messages --null --null-data " +
      "--only-matching --perl-regexp --quiet --recursive --regexp= --silent --text --version --with-filename --word-regexp",
    "",
    { complete: true, numeric: true },
  ),
  ls: optionSpec(
    "-1 -A -B -C -D -F -G -H -I= -L -N -Q -R -S -T= -U -X -Z -a -b -c -d -f -g -h -i -k -l -m -n -o -p -q -r -s -t -u -v -w= -x " +
      "--all --almost-all --author --block-size= --classify=? --color=? --context --dereference --dereference-command-line " +
      "--dereference-command-line-symlink-to-dir --directory --dired --escape --file-type --format= --full-time " +
      "--group-directories-first --help --hide-control-chars --hide= --human-readable --hyperlink=? --ignore-backups " +
      "--ignore= --indicator-style= --inode --kibibytes --literal --no-group --numeric-uid-gid --quote-name " +
      "--quoting-style= --recursive --reverse --show-control-chars --si --size --sort= --tabsize= --time= --time-style= " +
      "--version --width= --zero",
    "",
    COMPLETE,
  ),
  stat: optionSpec(
    "-L -c= -f -t --cached= --dereference --file-system --format= --printf= --terse --help --version",
    "",
    COMPLETE,
  ),
  du: optionSpec(
    "-0 -B= -D -H -L -P -S -X= -a -b -c -d= -h -k -l -m -s -t= -x --all --apparent-size --block-size= --bytes " +
      "--count-links --dereference --dereference-args --exclude-from= --exclude= --human-readable --inodes " +
      "--max-depth= --no-dereference --null --one-file-system --separate-dirs --si --summarize --threshold= --time=? " +
      "--time-style= --total --help --version",
    "--files0-from=",
    COMPLETE,
  ),
  diff: optionSpec(
    "-B -C= -D= -E -F= -I= -N -S= -T -U= -W= -X= -Z -a -b -c -d -e -i -l -n -p -q -r -s -t -u -v -w -x= -y " +
      "--brief --color=? --context=? --ed --exclude-from= --exclude= --expand-tabs --from-file= --help " +
      "--horizon-lines= --ifdef= --ignore-all-space --ignore-blank-lines --ignore-case --ignore-file-name-case " +
      "--ignore-matching-lines= --ignore-space-change --ignore-tab-expansion --ignore-trailing-space --initial-tab " +
      "--label= --left-column --line-format= --minimal --new-file --no-dereference --no-ignore-file-name-case --normal " +
      "--paginate --palette= --rcs --recursive --report-identical-files --show-c-function --show-function-line= " +
      "--side-by-side --speed-large-files --starting-file= --strip-trailing-cr --suppress-blank-empty " +
      "--suppress-common-lines --tabsize= --text --to-file= --unidirectional-new-file --unified=? --version --width= " +
      "--old-line-format= --new-line-format= --unchanged-line-format= --old-group-format= --new-group-format= " +
      "--changed-group-format= --unchanged-group-format=",
    "",
    COMPLETE,
  ),
  cut: optionSpec(
    "-b= -c= -d= -f= -n -s -z --bytes= --characters= --complement --delimiter= --fields= --only-delimited " +
      "--output-delimiter= --zero-terminated --help --version",
    "",
    COMPLETE,
  ),
  tr: optionSpec(
    "-C -c -d -s -t --complement --delete --squeeze-repeats --truncate-set1 --help --version",
    "",
    COMPLETE,
  ),
  basename: optionSpec("-a -s= -z --multiple --suffix= --zero --help --version", "", COMPLETE),
  dirname: optionSpec("-z --zero --help --version", "", COMPLETE),
  cksum: optionSpec("-a= -l= --algorithm= --length= --base64 --check --raw --tag --untagged -c --help"),
  cmp: optionSpec("-b -i= -l -n= -s --print-bytes --ignore-initial= --verbose --bytes= --quiet --silent"),
  column: optionSpec("-t -s= -c= -x -n -o= -N= -R= -T= -e -L -J --table --separator= --output-separator="),
  comm: optionSpec(
    "-1 -2 -3 -z --check-order --nocheck-order --output-delimiter= --total --zero-terminated --help --version",
    "",
    COMPLETE,
  ),
  expand: optionSpec("-i -t= --initial --tabs= --help --version", "", COMPLETE),
  fold: optionSpec("-b -s -w= --bytes --spaces --width= --help --version", "", {
    complete: true,
    numeric: true,
  }),
  id: optionSpec("-a -Z -g -G -n -r -u -z --context --group --groups --name --real --user --zero"),
  md5sum: checksumOptions(),
  sha1sum: checksumOptions(),
  sha256sum: checksumOptions(),
  sha512sum: checksumOptions(),
  nl: optionSpec("-b= -d= -f= -h= -i= -l= -n= -p -s= -v= -w= --body-numbering= --number-width="),
  paste: optionSpec("-d= -s -z --delimiters= --serial --zero-terminated --help --version", "", COMPLETE),
  readlink: optionSpec(
    "-f -e -m -n -q -s -v -z --canonicalize --canonicalize-existing --canonicalize-missing --no-newline --quiet --silent --verbose --zero --help --version",
    "",
    COMPLETE,
  ),
  realpath: optionSpec(
    "-e -m -L -P -q -s -z --canonicalize-existing --canonicalize-missing --logical --physical --quiet --relative-to= --relative-base= --no-symlinks --strip --zero --help --version",
    "",
    COMPLETE,
  ),
  rev: optionSpec("-0 --zero"),
  seq: optionSpec("-f= -s= -w --format= --separator= --equal-width --help --version", "", COMPLETE),
  strings: optionSpec(
    "-a -d -f -n= -t= -e= -w -s= --all --data --print-file-name --bytes= --radix= --encoding=",
  ),
  tac: optionSpec("-b -r -s= --before --regex --separator= --help --version", "", COMPLETE),
  uname: optionSpec(
    "-a -s -n -r -v -m -p -i -o --all --kernel-name --nodename --kernel-release --kernel-version --machine --processor --hardware-platform --operating-system --help --version",
    "",
    COMPLETE,
  ),
  whoami: optionSpec("--help --version"),
  pwd: optionSpec("-L -P"),
  which: optionSpec("-a -s"),
  uniq: optionSpec(
    "-c -d -D -f= -i -s= -u -w= -z --all-repeated=? --check-chars= --count --group=? --ignore-case --repeated " +
      "--skip-chars= --skip-fields= --unique --zero-terminated --help --version",
    "",
    { complete: true, numeric: true },
  ),
  sort: optionSpec(
    "-b -c -C -d -f -g -h -i -k= -m -M -n -r -R -s -S= -t= -u -V -z --batch-size= --buffer-size= --check=? --debug " +
      "--dictionary-order --field-separator= --general-numeric-sort --human-numeric-sort --ignore-case " +
      "--ignore-leading-blanks --ignore-nonprinting --key= --merge --month-sort --numeric-sort --parallel= --random-sort " +
      "--reverse --sort= --stable --unique --version-sort --zero-terminated --help --version",
    // Writes a file, runs a program, writes temporary files elsewhere, reads a list of names or random bytes.
    "-o= -T= --output= --compress-program= --temporary-directory= --files0-from= --random-source=",
    COMPLETE,
  ),
  date: optionSpec(
    "-d= -I=? -R -r= -u --date= --debug --iso-8601=? --reference= --resolution --rfc-3339= --rfc-email --universal --utc --help --version",
    // Sets the clock; reads dates from a file (and echoes its lines in errors).
    "-s= -f= --set= --file=",
    COMPLETE,
  ),
  hostname: optionSpec(
    "-A -I -V -a -d -f -i -s -y -h --alias --all-fqdns --all-ip-addresses --domain --fqdn --ip-address --long --nis --short --yp --help --version",
    // Set the host name (from a file, or the boot default).
    "-F= -b --file= --boot",
    COMPLETE,
  ),
  tree: optionSpec(
    "-a -d -l -f -x -L= -R -P= -I= -q -N -Q -p -u -g -s -h -D -F -v -t -c -U -r -C -n -A -S -i -J -X " +
      "--noreport --dirsfirst --filelimit= --gitignore --matchdirs --prune --du --si --ignore-case --charset= --sort=",
    "-o= --fromfile -H=",
  ),
  jq: optionSpec(
    "-r -c -n -e -s -j -a -S -C -M -R --raw-output --compact-output --null-input --exit-status --slurp " +
      "--join-output --ascii-output --sort-keys --color-output --monochrome-output --tab --indent= --stream --seq " +
      "--raw-input --arg= --argjson= --args --jsonargs",
    "-f= -L= --from-file= --rawfile= --slurpfile=",
  ),
  rg: optionSpec(
    "-A= -B= -C= -F -H -L -N -P -S -U -c -e= -g= -i -j= -l -m= -n -o -q -r= -s -t= -T= -u -v -w -x -0 " +
      "--after-context= --before-context= --context= --case-sensitive --color= --colors= --column --count " +
      "--count-matches --files --files-with-matches --files-without-match --fixed-strings --follow --glob= --iglob= " +
      "--heading --no-heading --hidden --ignore-case --invert-match --json --line-number --no-line-number " +
      "--line-regexp --max-count= --max-depth= --max-filesize= --multiline --no-ignore --no-ignore-vcs --null " +
      "--only-matching --passthru --pcre2 --quiet --regexp= --replace= --smart-case --sort= --sortr= --stats " +
      "--threads= --trim --type= --type-not= --type-list --vimgrep --word-regexp --no-messages --one-file-system " +
      "--no-config --help --version",
    // Run a program on each file (preprocessor, decompressors, a hostname program).
    "-z --pre= --pre-glob= --search-zip --hostname-bin=",
  ),
  file: optionSpec(
    "-b -i -L -h -z -Z -k -r -N -0 -s -E -e= -F= -m= -P= --brief --mime --mime-type --mime-encoding --dereference " +
      "--no-dereference --uncompress --keep-going --raw --no-pad --print0 --special-files --extension --apple",
    // Compiles a magic file (writes *.mgc).
    "-C --compile",
  ),
  xxd: optionSpec("-a -b -C -c= -E -e -g= -i -l= -n= -o= -p -s= -u -d -R="),
};

function checksumOptions(): OptionSpec {
  return optionSpec(
    "-b -c -t -w -z --binary --check --tag --text --zero --ignore-missing --quiet --status --strict --warn --help --version",
    "",
    COMPLETE,
  );
}
