//! CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel shows Chinese), CRLF line
//! ends, and learner text that cannot run as a formula. `csvCell` in progress-tools.js
//! follows the same rule.

/// One cell: text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading `'` (so Excel and LibreOffice show it as text instead of running it); a cell
/// holding a comma, quote or line break is quoted, with quotes doubled.
pub fn cell(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        s.push('\'');
    }
    s.push_str(text);
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A whole file: BOM, one line per row, CRLF.
pub fn document<R: AsRef<[String]>>(rows: &[R]) -> String {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row.as_ref().iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Reads CSV text (RFC 4180: quoted cells, doubled quotes, line breaks inside quotes;
/// a BOM is ignored; commas, or tabs when the first line has no comma). Returns the rows
/// with their 1-based line numbers; blank lines are left out.
pub fn parse(text: &str) -> Vec<(usize, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let sep = if !first.contains(',') && first.contains('\t') {
        '\t'
    } else {
        ','
    };
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == sep => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                if row.iter().any(|f| !f.trim().is_empty()) {
                    rows.push((start, std::mem::take(&mut row)));
                }
                row.clear();
                line += 1;
                start = line;
            }
            _ => field.push(c),
        }
    }
    row.push(field);
    if row.iter().any(|f| !f.trim().is_empty()) {
        rows.push((start, row));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_specials_quoted() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+86 138"), "'+86 138");
        assert_eq!(cell("-5"), "'-5");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\r=x"), "\"'\r=x\"");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(
            cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("张三"), "张三");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn documents_have_a_bom_and_crlf() {
        let rows = vec![vec!["a".to_string(), "b,c".to_string()]];
        assert_eq!(document(&rows), "\u{feff}a,\"b,c\"\r\n");
    }

    #[test]
    fn parses_quotes_bom_blank_lines_and_tabs() {
        let rows = parse("\u{feff}编号,姓名\r\nA1,\"张\"\"三\"\"\"\r\n\r\nA2,\"李\n四\"\nA3,王五");
        let cells: Vec<Vec<String>> = rows.iter().map(|r| r.1.clone()).collect();
        assert_eq!(cells[1], ["A1", "张\"三\""]);
        assert_eq!(cells[2], ["A2", "李\n四"]);
        assert_eq!(rows[3].0, 6);
        assert_eq!(parse("a\tb\nc\td")[1].1, ["c", "d"]);
    }
}
