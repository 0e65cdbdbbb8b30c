//! Cheap scans that bound nesting before input reaches serde_yaml or html5ever, whose
//! time grows with the square of the nesting depth (100,000 nested `[` take serde_yaml
//! about 18 s; 100,000 nested `<div>` take html5ever about 30 s).

/// The offset of the first `[`/`{` (or compact `- ` sequence entry) that nests deeper than
/// `limit` in YAML text, if any. Quoted scalars and comments are skipped.
pub(super) fn flow_depth_exceeds(yaml: &str, limit: usize) -> Option<usize> {
    let bytes = yaml.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    let mut prev = b'\n';
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line_start = true;
                prev = b;
                i += 1;
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if prev == b' ' || prev == b'\t' || prev == b'\n' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' if matches!(prev, b' ' | b'\t' | b'\n' | b'[' | b'{' | b',' | b':') => {
                i = skip_quoted(bytes, i);
                prev = b'"';
                line_start = false;
                continue;
            }
            b'-' if line_start || prev == b' ' => {
                // Compact nested sequences (`- - - x`) nest too, on one line.
                if bytes.get(i + 1) == Some(&b' ') && line_start {
                    let mut run = 0;
                    let mut j = i;
                    while bytes.get(j) == Some(&b'-') && bytes.get(j + 1) == Some(&b' ') {
                        run += 1;
                        j += 2;
                        while bytes.get(j) == Some(&b' ') {
                            j += 1;
                        }
                    }
                    if depth + run > limit {
                        return Some(i);
                    }
                }
            }
            b' ' | b'\t' => {
                prev = b;
                i += 1;
                continue;
            }
            _ => {}
        }
        line_start = false;
        prev = b;
        i += 1;
    }
    None
}

/// Index just past a quoted scalar starting at `start`.
fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_flow_nesting_outside_quotes_and_comments() {
        assert_eq!(flow_depth_exceeds("a: [[[x]]]\n", 3), None);
        assert_eq!(flow_depth_exceeds("a: [[[[x]]]]\n", 3), Some(6));
        assert_eq!(
            flow_depth_exceeds("a: \"[[[[\"\nb: '{{{{'  # [[[[\n", 3),
            None
        );
        assert_eq!(flow_depth_exceeds("title: it's [a] [b] [c] [d]\n", 3), None);
        let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(flow_depth_exceeds(&deep, 64), Some(3 + 64));
        assert!(flow_depth_exceeds(&format!("{}x\n", "- ".repeat(100)), 64).is_some());
        assert_eq!(flow_depth_exceeds("- a\n- b\n", 64), None);
    }
}
