//! Neutralising the config of a repository a sandboxed command created: keep only keys on an allow-list (the ones
//! `git init`, `clone` and `commit` write, none of which runs a program), drop everything else — `core.fsmonitor`,
//! `core.hooksPath`, `core.sshCommand`, pagers and editors, filter and diff drivers, aliases, includes, credential
//! helpers and whatever git adds next. The kept keys are written back by us, one quoted value per line, so nothing
//! in the original text can smuggle a line past the parser.

/// One `section[.subsection].key = value` setting; names are lower-cased, a bare key has no value.
#[derive(Debug, PartialEq, Eq)]
pub struct Setting {
    pub section: String,
    pub subsection: Option<Vec<u8>>,
    pub key: String,
    pub value: Option<Vec<u8>>,
}

impl Setting {
    /// `section.key` or `section.<subsection>.key`, for messages.
    pub fn name(&self) -> String {
        match &self.subsection {
            Some(subsection) => format!(
                "{}.{}.{}",
                self.section,
                String::from_utf8_lossy(subsection),
                self.key
            ),
            None => format!("{}.{}", self.section, self.key),
        }
    }
}

const SAFE_KEYS: &[&str] = &[
    "core.repositoryformatversion",
    "core.filemode",
    "core.bare",
    "core.logallrefupdates",
    "core.ignorecase",
    "core.precomposeunicode",
    "core.symlinks",
    "core.autocrlf",
    "core.eol",
    "core.safecrlf",
    "core.quotepath",
    "core.sparsecheckout",
    "extensions.objectformat",
    "extensions.refstorage",
    "extensions.worktreeconfig",
    "init.defaultbranch",
    "user.name",
    "user.email",
];

const SAFE_SUBSECTION_KEYS: &[&str] = &[
    "branch.remote",
    "branch.merge",
    "remote.url",
    "remote.fetch",
    "remote.pushurl",
    "submodule.url",
    "submodule.active",
];

/// Whether git only stores `setting` (it never names a program to run or a file to read).
pub fn is_safe(setting: &Setting) -> bool {
    let plain = format!("{}.{}", setting.section, setting.key);
    let allowed = match setting.subsection {
        None => SAFE_KEYS.contains(&plain.as_str()),
        Some(_) => SAFE_SUBSECTION_KEYS.contains(&plain.as_str()),
    };
    // "ext::<command>" and "fd::" transports run programs on fetch.
    let transport_runs_code = setting.key.ends_with("url")
        && setting.value.as_deref().map_or(false, |value| {
            value.starts_with(b"ext::") || value.starts_with(b"fd::")
        });
    allowed && !transport_runs_code
}

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }
    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ') | Some(b'\t') | Some(b'\r')) {
            self.at += 1;
        }
    }
    fn skip_line(&mut self) {
        while let Some(byte) = self.next() {
            if byte == b'\n' {
                break;
            }
        }
    }
}

fn name_char(byte: u8, dots: bool) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || (dots && byte == b'.')
}

fn parse_header(reader: &mut Reader) -> Result<(String, Option<Vec<u8>>), String> {
    let mut name = String::new();
    while let Some(byte) = reader.peek() {
        if !name_char(byte, true) {
            break;
        }
        name.push(byte.to_ascii_lowercase() as char);
        reader.at += 1;
    }
    if name.is_empty() {
        return Err("empty section name".into());
    }
    match reader.next() {
        Some(b']') => {
            // The deprecated [section.subsection] form.
            return Ok(match name.split_once('.') {
                Some((section, subsection)) => {
                    (section.to_string(), Some(subsection.as_bytes().to_vec()))
                }
                None => (name, None),
            });
        }
        Some(b' ') | Some(b'\t') => {}
        _ => return Err("bad section header".into()),
    }
    reader.skip_blanks();
    if reader.next() != Some(b'"') {
        return Err("bad subsection".into());
    }
    let mut subsection = Vec::new();
    loop {
        match reader.next() {
            Some(b'"') => break,
            Some(b'\\') => match reader.next() {
                Some(b'\n') | None => return Err("bad subsection".into()),
                Some(byte) => subsection.push(byte),
            },
            Some(b'\n') | Some(0) | None => return Err("bad subsection".into()),
            Some(byte) => subsection.push(byte),
        }
    }
    if reader.next() != Some(b']') || name.contains('.') {
        return Err("bad section header".into());
    }
    Ok((name, Some(subsection)))
}

fn parse_value(reader: &mut Reader) -> Result<Vec<u8>, String> {
    let mut value = Vec::new();
    let mut quoted = false;
    let mut kept = 0; // length without trailing blanks outside quotes
    loop {
        match reader.next() {
            None | Some(b'\n') if !quoted => break,
            None | Some(b'\n') => return Err("unterminated quote".into()),
            Some(b'#') | Some(b';') if !quoted => {
                reader.skip_line();
                break;
            }
            Some(b'"') => {
                quoted = !quoted;
                kept = value.len();
            }
            Some(b'\\') => {
                let byte = match reader.next() {
                    Some(b'\n') => continue, // line continuation
                    Some(b'n') => b'\n',
                    Some(b't') => b'\t',
                    Some(b'b') => 8,
                    Some(b'\\') => b'\\',
                    Some(b'"') => b'"',
                    _ => return Err("bad escape in value".into()),
                };
                value.push(byte);
                kept = value.len();
            }
            Some(0) => return Err("NUL in value".into()),
            Some(byte) => {
                if quoted || !(byte == b' ' || byte == b'\t' || byte == b'\r') || !value.is_empty()
                {
                    value.push(byte);
                }
                if quoted || !(byte == b' ' || byte == b'\t' || byte == b'\r') {
                    kept = value.len();
                }
            }
        }
    }
    value.truncate(kept);
    Ok(value)
}

/// Parses a config file the way git does (sections, subsections, quoting, escapes, continuations, comments).
pub fn parse(text: &[u8]) -> Result<Vec<Setting>, String> {
    let mut reader = Reader { text, at: 0 };
    let mut settings = Vec::new();
    let mut section: Option<(String, Option<Vec<u8>>)> = None;
    if reader.text.starts_with(b"\xef\xbb\xbf") {
        reader.at = 3;
    }
    loop {
        reader.skip_blanks();
        match reader.peek() {
            None => break,
            Some(b'\n') => reader.at += 1,
            Some(b'#') | Some(b';') => reader.skip_line(),
            Some(b'[') => {
                reader.at += 1;
                section = Some(parse_header(&mut reader)?);
            }
            Some(byte) if byte.is_ascii_alphabetic() => {
                let (name, subsection) = section.clone().ok_or("key before any section")?;
                let mut key = String::new();
                while let Some(byte) = reader.peek() {
                    if !name_char(byte, false) {
                        break;
                    }
                    key.push(byte.to_ascii_lowercase() as char);
                    reader.at += 1;
                }
                reader.skip_blanks();
                let value = match reader.peek() {
                    Some(b'=') => {
                        reader.at += 1;
                        reader.skip_blanks();
                        Some(parse_value(&mut reader)?)
                    }
                    None | Some(b'\n') => None,
                    Some(b'#') | Some(b';') => {
                        reader.skip_line();
                        None
                    }
                    _ => return Err(format!("bad character after key {key}")),
                };
                settings.push(Setting {
                    section: name,
                    subsection,
                    key,
                    value,
                });
            }
            Some(_) => return Err("unexpected character".into()),
        }
    }
    Ok(settings)
}

fn quote(bytes: &[u8], into: &mut Vec<u8>) {
    into.push(b'"');
    for &byte in bytes {
        match byte {
            b'\\' => into.extend_from_slice(b"\\\\"),
            b'"' => into.extend_from_slice(b"\\\""),
            b'\n' => into.extend_from_slice(b"\\n"),
            b'\t' => into.extend_from_slice(b"\\t"),
            8 => into.extend_from_slice(b"\\b"),
            _ => into.push(byte),
        }
    }
    into.push(b'"');
}

/// Writes `settings` as a config file, each value quoted and escaped.
pub fn render(settings: &[Setting]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut current: Option<(&str, Option<&[u8]>)> = None;
    for setting in settings {
        let header = (setting.section.as_str(), setting.subsection.as_deref());
        if current != Some(header) {
            out.push(b'[');
            out.extend_from_slice(setting.section.as_bytes());
            if let Some(subsection) = header.1 {
                out.push(b' ');
                quote(subsection, &mut out);
            }
            out.extend_from_slice(b"]\n");
            current = Some(header);
        }
        out.push(b'\t');
        out.extend_from_slice(setting.key.as_bytes());
        if let Some(value) = &setting.value {
            out.extend_from_slice(b" = ");
            quote(value, &mut out);
        }
        out.push(b'\n');
    }
    out
}

/// The neutralised text of a config file and the names of the settings dropped from it. Text git would not parse
/// is replaced as a whole (the second item then says so).
pub fn neutralise(text: &[u8]) -> (Vec<u8>, Vec<String>) {
    match parse(text) {
        Ok(settings) => {
            let (kept, dropped): (Vec<Setting>, Vec<Setting>) =
                settings.into_iter().partition(is_safe);
            (render(&kept), dropped.iter().map(Setting::name).collect())
        }
        Err(error) => (Vec::new(), vec![format!("the whole file ({error})")]),
    }
}

/// `core.hooksPath` as set in `text`, if any (the last one wins, as in git).
pub fn hooks_path(text: &[u8]) -> Option<Vec<u8>> {
    parse(text)
        .ok()?
        .into_iter()
        .filter(|setting| {
            setting.section == "core" && setting.subsection.is_none() && setting.key == "hookspath"
        })
        .filter_map(|setting| setting.value)
        .next_back()
}

/// The files `text` includes (`include.path`, `includeIf.<condition>.path`), as written.
pub fn include_paths(text: &[u8]) -> Vec<Vec<u8>> {
    parse(text)
        .unwrap_or_default()
        .into_iter()
        .filter(|setting| {
            setting.key == "path"
                && (setting.section == "include" && setting.subsection.is_none()
                    || setting.section == "includeif" && setting.subsection.is_some())
        })
        .filter_map(|setting| setting.value)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_safe_keys_and_cannot_be_smuggled_past() {
        let text = b"[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = \"touch /tmp/x\"\n\
[core] hooksPath = .githooks\n[Alias]\n\tst = !sh -c evil\n[user]\n\tname = \"a\\\"b\" # comment\n\
[remote \"origin\"]\n\turl = https://example.com/r.git\n\tuploadpack = evil\n[remote \"x\"]\n\turl = ext::sh -c evil\n\
[filter \"lfs\"]\n\tclean = evil %f\n[include]\n\tpath = ../evil\n[diff.tool]\n\ttextconv = evil\n\
[user]\n\temail = a@b.c \\\n  continued\n";
        let (out, dropped) = neutralise(text);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "[core]\n\trepositoryformatversion = \"0\"\n\tbare = \"false\"\n[user]\n\tname = \"a\\\"b\"\n\
[remote \"origin\"]\n\turl = \"https://example.com/r.git\"\n[user]\n\temail = \"a@b.c   continued\"\n"
        );
        assert_eq!(
            dropped,
            [
                "core.fsmonitor",
                "core.hookspath",
                "alias.st",
                "remote.origin.uploadpack",
                "remote.x.url",
                "filter.lfs.clean",
                "include.path",
                "diff.tool.textconv"
            ]
        );
        assert_eq!(neutralise(&out.into_bytes()).1, Vec::<String>::new());
    }

    #[test]
    fn replaces_text_it_cannot_parse() {
        let (out, dropped) = neutralise(b"[core\nfsmonitor = evil\n");
        assert!(out.is_empty());
        assert_eq!(dropped.len(), 1);
        assert_eq!(
            hooks_path(b"[core]\n\thooksPath = .husky/_\n").unwrap(),
            b".husky/_"
        );
    }
}
