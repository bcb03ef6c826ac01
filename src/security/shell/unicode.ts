// Characters that render as nothing or reorder text (Trojan Source), or are control characters: [from, to].
const INVISIBLE: [number, number][] = [
  [0x0000, 0x0008],
  [0x000b, 0x000c],
  [0x000e, 0x001f],
  [0x007f, 0x009f],
  [0x00ad, 0x00ad],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe0000, 0xe007f],
];

/** Why `script` cannot be trusted as displayed (invisible, bidi or control characters), or undefined. */
export function invisibleCharacterProblem(script: string): string | undefined {
  for (const char of script) {
    const point = char.codePointAt(0)!;
    if (point === 0x09 || point === 0x0a || point === 0x0d) continue;
    if (INVISIBLE.some(([from, to]) => point >= from && point <= to)) {
      const code = point.toString(16).toUpperCase().padStart(4, "0");
      return `the script contains an invisible or control character (U+${code}) that can hide what runs`;
    }
  }
  return undefined;
}

/** Why a command name is suspicious (non-ASCII letters that may imitate ASCII ones), or undefined. */
export function commandNameProblem(name: string): string | undefined {
  if (/[^\x21-\x7e]/.test(name)) {
    return `command name ${JSON.stringify(name)} contains non-ASCII or blank characters (possible homoglyph)`;
  }
  return undefined;
}
