/**
 * Tab-separated text, as spreadsheets put cells on the clipboard: cells separated by tabs, rows by
 * line breaks; a cell holding a tab, a line break or a double quote is quoted, with its quotes
 * doubled (what Excel, LibreOffice and Google Sheets write and read).
 */

function cellText(cell: string): string {
  return /[\t\r\n"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Rows of cells as tab-separated text (rows end with a line break, as spreadsheets copy them). */
export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(cellText).join('\t')}\n`).join('');
}

/**
 * Tab-separated text as rows of cells. A trailing line break ends the last row (it starts no
 * empty row); `\r\n` and `\n` both end rows; quoted cells may hold tabs, line breaks and quotes.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let at = 0;
  // A cell is quoted only when its first character is a quote.
  let cellStart = true;
  while (at < text.length) {
    const char = text[at]!;
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') {
        cell += '"';
        at += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else cell += char;
      at++;
      continue;
    }
    if (char === '"' && cellStart) {
      quoted = true;
      cellStart = false;
      at++;
      continue;
    }
    cellStart = false;
    if (char === '\t') {
      row.push(cell);
      cell = '';
      cellStart = true;
    } else if (char === '\n' || char === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      cellStart = true;
      if (char === '\r' && text[at + 1] === '\n') at++;
    } else {
      cell += char;
    }
    at++;
  }
  if (!cellStart || cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
