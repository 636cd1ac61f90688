//! The framing layer between standard input/output and the LSP library.
//!
//! tower-lsp-server ends its read loop at the first message it cannot decode (a body that is
//! not JSON, a header it cannot parse): the server then stops answering. So copydesk reads the
//! frames itself, in a thread of its own, and hands the library only well-formed messages.
//! A body that is not JSON gets a JSON-RPC "Parse error" reply, one that is JSON but not a
//! JSON-RPC message an "Invalid Request" reply, and the next message is answered as usual.
//!
//! A wrong `Content-Length` is survived too. Too short a length leaves the rest of the body in
//! front of the next header, which is skipped up to the `Content-Length` it contains. Too long
//! a length would swallow the next message; but a `Content-Length: N` followed by a raw line
//! break can never occur inside a JSON text, so when one turns up inside a body, the body is
//! cut there and the next message is read from it.
//!
//! Limits keep hostile input from growing memory without bound: a header line longer than
//! [`MAX_HEADER_LINE`] is skipped (keeping its last bytes, where the next header may start),
//! and a body longer than [`MAX_BODY`] is refused and read past without being kept.
//!
//! What this layer skips or refuses goes to the editor's log as `window/logMessage` (allowed
//! at any time, even before `initialize`), and to standard error only if standard output is
//! gone. Everything written to standard output goes through one writer thread, one whole frame
//! at a time, so replies from this layer never interleave with the library's messages.
//!
//! The server's own notifications can take a shorter way to that thread: a [`Notifier`]
//! serialises their parameters straight into a frame. The library turns every message it sends
//! into a `serde_json::Value` first (a map and its keys allocated for each position of a
//! diagnostic), which made up most of the time a keystroke's diagnostics took to go out.

use std::io::{self, Read, Write};
use std::pin::Pin;
use std::sync::mpsc;
use std::task::{Context, Poll};
use std::thread::JoinHandle;

use regex::bytes::Regex;
use serde::Serialize;
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::notification::Notification;

/// The longest header line read; a longer one is skipped. Real headers are under 100 bytes.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// The largest body accepted. A longer message is refused and read past: a draft this size
/// is no draft, and holding it several times over (frame, JSON, rope, analysis) would take
/// gigabytes.
pub const MAX_BODY: usize = 256 * 1024 * 1024;

/// How many bytes of a skipped stretch are kept, in case a header starts in them.
const KEEP: usize = 64;

/// The room the reader's buffer keeps between messages: any keystroke's message fits.
const KEPT_ROOM: usize = 256 * 1024;

/// A message for the writer thread.
enum Out {
    Frame(Vec<u8>),
    Stop,
}

/// The threads serving standard input and output.
pub struct Stdio {
    out: mpsc::Sender<Out>,
    writer: JoinHandle<()>,
}

impl Stdio {
    /// Starts the reader and writer threads on the process's standard input and output.
    /// Returns what the library reads (only well-formed messages) and what it writes to
    /// (passed on to standard output frame by frame).
    pub fn start() -> (FrameReader, FrameWriter, Stdio) {
        let (out, out_rx) = mpsc::channel();
        let writer = std::thread::spawn(move || write_frames(io::stdout().lock(), out_rx));
        let (forward, forwarded) = unbounded_channel();
        let replies = out.clone();
        std::thread::spawn(move || read_frames(io::stdin().lock(), &forward, &replies));
        let input = FrameReader {
            messages: forwarded,
            current: Vec::new(),
            pos: 0,
        };
        let output = FrameWriter {
            out: out.clone(),
            pending: Vec::new(),
        };
        (input, output, Stdio { out, writer })
    }

    /// A handle that writes notifications to standard output without the library.
    pub fn notifier(&self) -> Notifier {
        Notifier {
            out: self.out.clone(),
        }
    }

    /// Waits until everything sent so far is written. The reader thread is left blocked on
    /// standard input; it ends with the process.
    pub fn finish(self) {
        let _ = self.out.send(Out::Stop);
        let _ = self.writer.join();
    }
}

fn write_frames(mut stdout: impl Write, frames: mpsc::Receiver<Out>) {
    while let Ok(Out::Frame(frame)) = frames.recv() {
        if stdout
            .write_all(&frame)
            .and_then(|()| stdout.flush())
            .is_err()
        {
            return;
        }
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

/// Writes notifications to the writer thread directly, each serialised once into its frame.
/// What it sends goes out in the order it was sent, among the library's messages in the order
/// each reached the writer thread.
#[derive(Clone)]
pub struct Notifier {
    out: mpsc::Sender<Out>,
}

/// A JSON-RPC notification, serialised as the library serialises its own.
#[derive(Serialize)]
struct NotificationMessage<'a, P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: &'a P,
}

impl Notifier {
    /// Sends the notification `N` with `params` (which serialise as `N::Params` do). `false`
    /// when it could not be serialised or standard output is gone.
    pub fn send<N: Notification>(&self, params: &impl Serialize) -> bool {
        let message = NotificationMessage {
            jsonrpc: "2.0",
            method: N::METHOD,
            params,
        };
        let Ok(body) = serde_json::to_vec(&message) else {
            return false;
        };
        self.out.send(Out::Frame(frame(&body))).is_ok()
    }
}

/// Reads frames from `input` until it ends: well-formed messages go to `forward`, error replies
/// for the others to `replies`.
fn read_frames(input: impl Read, forward: &UnboundedSender<Vec<u8>>, replies: &mpsc::Sender<Out>) {
    let mut frames = Frames::new(input);
    loop {
        let next = frames.next();
        for note in frames.notes.drain(..) {
            log(replies, &note);
        }
        match next {
            Ok(Some(Frame::Body(body))) => match check(&body) {
                Ok(()) => {
                    if forward.send(frame(&body)).is_err() {
                        return;
                    }
                }
                Err(reply) => {
                    log(replies, &format!("{}", reply["error"]["message"]));
                    let _ = replies.send(Out::Frame(frame(reply.to_string().as_bytes())));
                }
            },
            Ok(Some(Frame::Skipped(note))) => log(replies, &note),
            Ok(None) => return,
            Err(error) => {
                log(replies, &format!("cannot read standard input: {error}"));
                return;
            }
        }
    }
}

/// Sends an error to the editor's log, or to standard error when standard output is gone.
fn log(replies: &mpsc::Sender<Out>, message: &str) {
    let message = format!("copydesk: {message}");
    // Type 1 is an error.
    let note = json!({"jsonrpc": "2.0", "method": "window/logMessage",
        "params": {"type": 1, "message": message}});
    if replies
        .send(Out::Frame(frame(note.to_string().as_bytes())))
        .is_err()
    {
        eprintln!("{message}");
    }
}

/// `Ok` when the library can decode `body`; otherwise the JSON-RPC error to send back.
fn check(body: &[u8]) -> Result<(), Value> {
    if serde_json::from_slice::<Request>(body).is_ok()
        || serde_json::from_slice::<Response>(body).is_ok()
    {
        return Ok(());
    }
    let (code, message, id) = match serde_json::from_slice::<Value>(body) {
        Err(error) => (-32700, format!("Parse error: {error}"), Value::Null),
        Ok(value) => {
            let id = match value.get("id") {
                Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                _ => Value::Null,
            };
            (
                -32600,
                "Invalid Request: not a JSON-RPC 2.0 message".to_string(),
                id,
            )
        }
    };
    Err(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}))
}

/// What the frame reader found next.
#[derive(Debug, PartialEq, Eq)]
enum Frame {
    /// The body of a message (not yet known to be JSON).
    Body(Vec<u8>),
    /// Bytes that were not a message, described.
    Skipped(String),
}

/// A lenient reader of `Content-Length` framed messages.
struct Frames<R> {
    input: R,
    buf: Vec<u8>,
    ended: bool,
    header: Regex,
    /// Whether a header line too long to keep is being skipped.
    long_line: bool,
    /// What was skipped on the way to the last frame, for the log.
    notes: Vec<String>,
}

impl<R: Read> Frames<R> {
    fn new(input: R) -> Self {
        Frames {
            input,
            buf: Vec::new(),
            ended: false,
            long_line: false,
            notes: Vec::new(),
            // A header line: impossible inside a JSON text, which allows no raw line break
            // within a string.
            header: Regex::new(r"(?i)content-length:[ \t]*[0-9]+[ \t]*\r?\n")
                .expect("a valid pattern"),
        }
    }

    /// Reads more input into the buffer; `false` at the end of the input.
    fn more(&mut self) -> io::Result<bool> {
        if self.ended {
            return Ok(false);
        }
        let mut chunk = [0; 64 * 1024];
        loop {
            match self.input.read(&mut chunk) {
                Ok(0) => {
                    self.ended = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(true);
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }

    /// The next frame, or `None` at the end of the input.
    fn next(&mut self) -> io::Result<Option<Frame>> {
        let mut length = None;
        let mut skipped = 0;
        // How much of the buffer is known to hold no line break.
        let mut searched = 0;
        // Headers: lines up to an empty one once a length is known.
        loop {
            let found = self.buf[searched..].iter().position(|&b| b == b'\n');
            let Some(eol) = found.map(|at| searched + at) else {
                searched = self.buf.len();
                if self.buf.len() > MAX_HEADER_LINE {
                    // Keep the tail, where a header may be starting.
                    let cut = self.buf.len() - KEEP;
                    self.buf.drain(..cut);
                    searched = self.buf.len();
                    skipped += cut;
                    self.long_line = true;
                    continue;
                }
                if !self.more()? {
                    return Ok(None);
                }
                continue;
            };
            searched = 0;
            if eol > MAX_HEADER_LINE {
                // Too long a line, already read whole: skipped like one still arriving.
                let cut = eol - KEEP;
                self.buf.drain(..cut);
                skipped += cut;
                self.long_line = true;
                continue;
            }
            if std::mem::take(&mut self.long_line) {
                return Ok(Some(Frame::Skipped(format!(
                    "skipped a header line longer than {MAX_HEADER_LINE} bytes"
                ))));
            }
            let line: Vec<u8> = self.buf.drain(..=eol).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if length.is_some() {
                    break;
                }
                continue;
            }
            let lower = line.to_ascii_lowercase();
            let Some(at) = lower.find("content-length:") else {
                if !lower.starts_with("content-type:") {
                    skipped += line.len();
                }
                continue;
            };
            skipped += at;
            let value = line[at + "content-length:".len()..].trim();
            match value.parse::<usize>() {
                Ok(n) => length = Some(n),
                Err(_) => {
                    return Ok(Some(Frame::Skipped(format!(
                        "skipped a message with a Content-Length of {value:?}"
                    ))));
                }
            }
        }
        let Some(length) = length else {
            return Ok(None);
        };
        if length > MAX_BODY {
            return self.refuse(length);
        }
        // The body, unless a header turns up inside it.
        let mut scanned: usize = 0;
        loop {
            let end = self.buf.len().min(length);
            let from = scanned.saturating_sub(40);
            if let Some(found) = self.header.find_at(&self.buf[..end], from) {
                // The length was too long: the body ends where the next header starts.
                let cut = self.buf.drain(..found.start()).collect();
                self.shrink();
                return Ok(Some(Frame::Body(cut)));
            }
            scanned = end;
            if self.buf.len() >= length {
                let body = self.buf.drain(..length).collect();
                self.shrink();
                if skipped > 0 {
                    self.notes
                        .push(format!("skipped {skipped} stray bytes before a message"));
                }
                return Ok(Some(Frame::Body(body)));
            }
            if !self.more()? {
                return Ok(None);
            }
        }
    }
}

impl<R: Read> Frames<R> {
    /// Hands back the room a large message needed once it is read, so that a draft opened
    /// once is not held for the life of the server in an empty buffer.
    fn shrink(&mut self) {
        if self.buf.capacity() > KEPT_ROOM && self.buf.len() < self.buf.capacity() / 4 {
            self.buf.shrink_to(self.buf.len().max(KEPT_ROOM));
        }
    }

    /// Reads past a body of `length` bytes without keeping it, or up to a header inside it.
    fn refuse(&mut self, length: usize) -> io::Result<Option<Frame>> {
        let note = format!("refused a message of {length} bytes: the limit is {MAX_BODY} bytes");
        let mut left = length;
        loop {
            let end = self.buf.len().min(left);
            if let Some(found) = self.header.find(&self.buf[..end]) {
                // The length was wrong: the next message starts here.
                self.buf.drain(..found.start());
                return Ok(Some(Frame::Skipped(note)));
            }
            if end == left {
                self.buf.drain(..end);
                return Ok(Some(Frame::Skipped(note)));
            }
            // Keep the tail, where a header may be starting.
            let cut = end.saturating_sub(KEEP);
            self.buf.drain(..cut);
            left -= cut;
            if !self.more()? {
                return Ok(Some(Frame::Skipped(note)));
            }
        }
    }
}

/// The library's input: the messages the reader thread found well-formed, one after another.
pub struct FrameReader {
    messages: UnboundedReceiver<Vec<u8>>,
    current: Vec<u8>,
    pos: usize,
}

impl AsyncRead for FrameReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.pos < this.current.len() {
                let n = buf.remaining().min(this.current.len() - this.pos);
                buf.put_slice(&this.current[this.pos..this.pos + n]);
                this.pos += n;
                if this.pos == this.current.len() {
                    // Handed over whole: a draft's didOpen is not kept until the next message.
                    this.current = Vec::new();
                    this.pos = 0;
                }
                return Poll::Ready(Ok(()));
            }
            match this.messages.poll_recv(cx) {
                Poll::Ready(Some(message)) => {
                    this.current = message;
                    this.pos = 0;
                }
                // The end of standard input.
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// The library's output: cut into whole frames and handed to the writer thread.
pub struct FrameWriter {
    out: mpsc::Sender<Out>,
    pending: Vec<u8>,
}

impl FrameWriter {
    /// The length of the first whole frame in `pending`, if it is all there.
    fn whole_frame(&self) -> Option<usize> {
        let header_end = self.pending.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
        let header = std::str::from_utf8(&self.pending[..header_end]).ok()?;
        let length: usize = header
            .lines()
            .find_map(|line| line.strip_prefix("Content-Length:"))?
            .trim()
            .parse()
            .ok()?;
        (self.pending.len() >= header_end + length).then_some(header_end + length)
    }
}

impl AsyncWrite for FrameWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        this.pending.extend_from_slice(data);
        while let Some(len) = this.whole_frame() {
            let frame = this.pending.drain(..len).collect();
            if this.out.send(Out::Frame(frame)).is_err() {
                return Poll::Ready(Err(io::ErrorKind::BrokenPipe.into()));
            }
        }
        Poll::Ready(Ok(data.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Frame> {
        let mut frames = Frames::new(input.as_bytes());
        let mut found = Vec::new();
        while let Some(frame) = frames.next().unwrap() {
            found.push(frame);
        }
        found
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    const A: &str = r#"{"jsonrpc":"2.0","id":1,"method":"a"}"#;
    const B: &str = r#"{"jsonrpc":"2.0","id":2,"method":"b"}"#;

    #[test]
    fn a_large_message_read_leaves_no_large_buffer_behind() {
        let large = format!(
            r#"{{"jsonrpc":"2.0","method":"a","params":"{}"}}"#,
            "x".repeat(4 << 20)
        );
        let input = format!(
            "Content-Length: {}\r\n\r\n{large}Content-Length: {}\r\n\r\n{A}",
            large.len(),
            A.len()
        );
        let mut frames = Frames::new(input.as_bytes());
        assert!(matches!(frames.next().unwrap(), Some(Frame::Body(b)) if b == large.as_bytes()));
        assert!(frames.buf.capacity() <= KEPT_ROOM);
        assert!(matches!(frames.next().unwrap(), Some(Frame::Body(b)) if b == A.as_bytes()));
    }

    #[test]
    fn reads_well_formed_frames() {
        let input = format!(
            "Content-Length: {}\r\n\r\n{A}Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{B}",
            A.len(),
            B.len()
        );
        assert_eq!(frames(&input), [body(A), body(B)]);
    }

    #[test]
    fn a_length_too_short_loses_only_that_message() {
        let input = format!(
            "Content-Length: {}\r\n\r\n{A}Content-Length: {}\r\n\r\n{B}",
            A.len() - 5,
            B.len()
        );
        let found = frames(&input);
        assert_eq!(found[0], body(&A[..A.len() - 5]));
        assert_eq!(found[1], body(B));
        assert!(check(&A.as_bytes()[..A.len() - 5]).is_err());
    }

    #[test]
    fn a_length_too_long_does_not_swallow_the_next_message() {
        let input = format!(
            "Content-Length: {}\r\n\r\n{A}Content-Length: {}\r\n\r\n{B}",
            A.len() + 500,
            B.len()
        );
        assert_eq!(frames(&input), [body(A), body(B)]);
    }

    #[test]
    fn an_endless_header_line_is_skipped_and_the_next_message_read() {
        let junk = "x".repeat(3 * MAX_HEADER_LINE);
        let input = format!("{junk}Content-Length: {}\r\n\r\n{A}", A.len());
        let mut frames = Frames::new(input.as_bytes());
        let Some(Frame::Skipped(note)) = frames.next().unwrap() else {
            panic!("the long line is not reported");
        };
        assert!(note.contains("header line longer than"), "{note}");
        assert_eq!(frames.next().unwrap(), Some(body(A)));
        assert!(frames.buf.capacity() < 2 * MAX_HEADER_LINE + 64 * 1024);
    }

    #[test]
    fn a_body_over_the_limit_is_refused_and_read_past() {
        let input = format!("Content-Length: {}\r\n\r\n", MAX_BODY + 1);
        let filler = std::io::repeat(b' ').take(MAX_BODY as u64 + 1);
        let next = format!("Content-Length: {}\r\n\r\n{A}", A.len());
        let input = input.as_bytes().chain(filler).chain(next.as_bytes());
        let mut frames = Frames::new(input);
        let Some(Frame::Skipped(note)) = frames.next().unwrap() else {
            panic!("the big body is not refused");
        };
        assert!(note.contains("refused a message of"), "{note}");
        assert_eq!(frames.next().unwrap(), Some(body(A)));
    }

    #[test]
    fn a_refused_body_stops_at_a_header_inside_it() {
        let input = format!(
            "Content-Length: {}\r\n\r\n{{\"a\":1}}Content-Length: {}\r\n\r\n{A}",
            MAX_BODY + 1,
            A.len()
        );
        let found = frames(&input);
        assert!(matches!(&found[0], Frame::Skipped(_)), "{found:?}");
        assert_eq!(found[1], body(A));
    }

    #[test]
    fn a_notification_is_one_frame_the_library_would_read_as_its_own() {
        use tower_lsp_server::ls_types::notification::PublishDiagnostics;
        use tower_lsp_server::ls_types::{Diagnostic, PublishDiagnosticsParams, Range};
        let (out, frames) = mpsc::channel();
        let notifier = Notifier { out };
        let uri = "file:///d%C3%A9j%C3%A0.md".parse().unwrap();
        let diagnostic = Diagnostic::new_simple(Range::default(), "“unclosed”\n".into());
        let params = PublishDiagnosticsParams::new(uri, vec![diagnostic], Some(3));
        assert!(notifier.send::<PublishDiagnostics>(&params));
        let Ok(Out::Frame(frame)) = frames.try_recv() else {
            panic!("no frame was sent");
        };
        let mut read = Frames::new(&frame[..]);
        let Ok(Some(Frame::Body(body))) = read.next() else {
            panic!("not a frame: {:?}", String::from_utf8_lossy(&frame));
        };
        assert_eq!(read.next().unwrap(), None);
        assert!(serde_json::from_slice::<Request>(&body).is_ok());
        let sent: Value = serde_json::from_slice(&body).unwrap();
        let expected = json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
            "params": serde_json::to_value(&params).unwrap()});
        assert_eq!(sent, expected);
    }

    #[test]
    fn replies_say_parse_error_or_invalid_request() {
        assert!(check(A.as_bytes()).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).is_ok());
        assert_eq!(check(b"{not json").unwrap_err()["error"]["code"], -32700);
        let invalid = check(br#"{"id":7,"method":"x"}"#).unwrap_err();
        assert_eq!(invalid["error"]["code"], -32600);
        assert_eq!(invalid["id"], 7);
    }
}
