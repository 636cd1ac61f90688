//! Reading `Content-Length` framed messages from a language server's output, shared by the
//! end-to-end tests and the latency harness in `examples/latency.rs`.

use std::io::BufRead;

/// Reads the body of one framed message; `None` at the end of the stream or on a broken frame.
pub fn read_frame(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}
