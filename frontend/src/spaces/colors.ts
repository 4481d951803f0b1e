/**
 * Cursor colours for co-editing. Each person keeps one colour on every device and in every
 * session (it is derived from their account id), so collaborators learn who is who. The
 * palette is dark enough for white name labels (AA contrast); `colorLight` is the same hue,
 * translucent, for the selection highlight drawn under text.
 */
export interface UserColor {
  color: string;
  colorLight: string;
}

export const PALETTE: readonly string[] = [
  "#b34700", // orange
  "#0063cb", // blue
  "#18753c", // green
  "#a4226f", // plum
  "#6a40a8", // violet
  "#8a5a00", // ochre
  "#00727a", // teal
  "#c9191e", // red
];

/** A stable, well-spread index for any key (FNV-1a over the key's characters). */
export function colorIndex(key: string | number, size: number = PALETTE.length): number {
  let hash = 0x811c9dc5;
  for (const char of String(key)) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % size;
}

export function colorFor(key: string | number): UserColor {
  const color = PALETTE[colorIndex(key)] ?? "#0063cb";
  return { color, colorLight: `${color}33` };
}
