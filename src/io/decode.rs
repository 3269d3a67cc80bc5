//! Text as real exports write it: UTF-8 with or without a BOM, UTF-16 with a BOM, or
//! Windows-1252 (what Excel's "CSV" writes on a UK PC), turned into UTF-8 as it streams.
//!
//! Without a BOM the file is read as UTF-8 until its first byte that UTF-8 cannot read. If
//! every byte before it was ASCII (the same in both encodings), the rest is read as
//! Windows-1252 and nothing read so far changes meaning; if UTF-8 text came first, the file
//! mixes encodings and is refused at that line rather than guessed.
//!
//! Memory stays bounded whatever arrives: a line longer than `MAX_LINE_BYTES`, or a quoted
//! value running over lines for more than `MAX_RECORD_BYTES`, is refused as it streams, long
//! before the CSV reader would hold it (a file with no line breaks, `/dev/zero` through a
//! pipe, a quote that never closes).

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "utf-16le", alias = "utf16le")]
    Utf16Le,
    #[value(name = "utf-16be", alias = "utf16be")]
    Utf16Be,
    #[value(name = "windows-1252", alias = "cp1252", alias = "latin1")]
    Windows1252,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
            TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }
}

/// What decoding found, readable after the file has been read (for the import's notes).
#[derive(Debug, Clone, Default)]
pub struct Detected(Rc<DetectedCells>);

/// The encoding chosen, the line of the first byte it could not read, and (read as UTF-8
/// without a BOM) the first character Windows-1252 bytes could also spell.
type DetectedCells = (
    Cell<Option<TextEncoding>>,
    Cell<Option<u64>>,
    Cell<Option<char>>,
);

/// A header line already read, then the whole stream again from its start.
pub type Replayed<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

impl Detected {
    pub fn get(&self) -> Option<TextEncoding> {
        self.0.0.get()
    }

    /// The line of the first byte the encoding could not read (or where a line or a quoted
    /// value ran too long), if decoding failed.
    pub fn failed_line(&self) -> Option<u64> {
        self.0.1.get()
    }

    fn set(&self, encoding: TextEncoding) {
        self.0.0.set(Some(encoding));
    }

    /// A character such as `铣` in a file read as UTF-8: its bytes are also Windows-1252 text
    /// (`é“£`), so the file may be Excel's and misread. Said, never guessed.
    pub fn lookalike(&self) -> Option<char> {
        self.0.2.get()
    }
}

/// Whether a character a UK work plan hardly uses could be Windows-1252 bytes read as UTF-8:
/// three- and four-byte characters outside punctuation, currency and symbols (curly quotes,
/// dashes, € and ™ are common in real UTF-8 files and stay quiet).
fn could_be_windows_1252(c: char) -> bool {
    let code = u32::from(c);
    code >= 0x800 && !(0x2000..=0x2BFF).contains(&code) && code != 0xFEFF
}

/// The longest line (bytes between two line breaks, as UTF-8) a file may have. A field may
/// hold at most 1 MB (`csv_table::MAX_FIELD_BYTES`); a line twice that is no export's.
pub const MAX_LINE_BYTES: usize = 2 * 1024 * 1024;

/// The most one record may take when a quoted value carries it over several lines.
pub const MAX_RECORD_BYTES: usize = 8 * 1024 * 1024;

/// Where the CSV quoting stands, as the CSV reader will see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    Out,
    In,
    /// A quote inside a quoted value: a second one makes it a literal quote, anything else
    /// closes the value.
    Closing,
}

/// How far the text has run since the last line break and since the last record ended.
#[derive(Debug, Clone, Copy)]
struct Extent {
    quote: Quote,
    /// The last byte could start a field: a line break or a separator (any of `,;\t|`, as
    /// the separator is chosen later), or nothing yet.
    field_start: bool,
    line_bytes: usize,
    record_bytes: usize,
    /// The line the current record began on.
    record_line: u64,
}

impl Default for Extent {
    fn default() -> Extent {
        Extent {
            quote: Quote::Out,
            field_start: true,
            line_bytes: 0,
            record_bytes: 0,
            record_line: 1,
        }
    }
}

enum Mode {
    /// Not yet decided: looking for a BOM.
    Start,
    /// Plain UTF-8, checked as it passes; `ascii_only` while nothing but ASCII has been seen.
    Utf8 {
        ascii_only: bool,
    },
    Decoder(Box<encoding_rs::Decoder>),
}

/// A reader that yields UTF-8 whatever the file's encoding. `forced` skips detection.
pub struct Decoded<R> {
    inner: R,
    forced: Option<TextEncoding>,
    mode: Mode,
    detected: Detected,
    /// Raw bytes read but not yet handed on (a split UTF-8 sequence, a BOM being checked).
    pending: Vec<u8>,
    /// UTF-8 ready to hand on.
    out: Vec<u8>,
    out_at: usize,
    eof: bool,
    /// Lines handed on so far, so an encoding error can name its line.
    lines: u64,
    /// The encoding was named, or a BOM said it: nothing to second-guess.
    certain: bool,
    /// How far the current line and record run, to refuse one that never ends.
    extent: Extent,
    /// A refusal for length, given again on every later read.
    refused: Option<&'static str>,
}

impl<R: Read> Decoded<R> {
    pub fn new(inner: R, forced: Option<TextEncoding>) -> Decoded<R> {
        Decoded {
            inner,
            forced,
            mode: Mode::Start,
            detected: Detected::default(),
            pending: Vec::new(),
            out: Vec::new(),
            out_at: 0,
            eof: false,
            lines: 1,
            certain: forced.is_some(),
            extent: Extent::default(),
            refused: None,
        }
    }

    pub fn detected(&self) -> Detected {
        self.detected.clone()
    }

    fn start(&mut self, encoding: TextEncoding, skip: usize) {
        self.pending.drain(..skip);
        self.certain |= skip > 0;
        self.detected.set(encoding);
        self.mode = match encoding {
            TextEncoding::Utf8 => Mode::Utf8 { ascii_only: true },
            other => Mode::Decoder(Box::new(other.codec().new_decoder_without_bom_handling())),
        };
    }

    /// Decide the encoding from a BOM (or `forced`) once enough bytes have arrived.
    fn choose(&mut self) {
        let p = &self.pending;
        if let Some(forced) = self.forced {
            let bom = match forced {
                TextEncoding::Utf8 if p.starts_with(b"\xEF\xBB\xBF") => 3,
                TextEncoding::Utf16Le if p.starts_with(b"\xFF\xFE") => 2,
                TextEncoding::Utf16Be if p.starts_with(b"\xFE\xFF") => 2,
                _ => 0,
            };
            if p.len() >= 3 || self.eof {
                self.start(forced, bom);
            }
            return;
        }
        if p.starts_with(b"\xEF\xBB\xBF") {
            self.start(TextEncoding::Utf8, 3);
        } else if p.starts_with(b"\xFF\xFE") {
            self.start(TextEncoding::Utf16Le, 2);
        } else if p.starts_with(b"\xFE\xFF") {
            self.start(TextEncoding::Utf16Be, 2);
        } else if p.len() >= 3 || self.eof {
            self.start(TextEncoding::Utf8, 0);
        }
    }

    fn count_lines(&mut self, from: usize) {
        self.lines += self.out[from..].iter().filter(|b| **b == b'\n').count() as u64;
    }

    /// Move what `pending` holds into `out`, decoded, refusing a NUL wherever it arrives
    /// (a switch of encoding mid-chunk included).
    fn convert(&mut self) -> io::Result<()> {
        let before = self.out.len();
        let first_line = self.lines;
        self.decode_pending()?;
        if let Some(at) = self.out[before..].iter().position(|b| *b == 0) {
            // Text files hold no NUL: this is a binary file (a spreadsheet saved as .csv?).
            let line = self.lines
                - self.out[before + at..]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64;
            self.detected.0.1.set(Some(line));
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "holds a NUL byte, so it is not a text file (is it a spreadsheet saved under a .csv name?)",
            ));
        }
        self.check_extent(before, first_line)
    }

    /// Follow the UTF-8 from `out[from..]` (its first byte on line `line`) and refuse it once a
    /// line or a record runs too long, naming the line it began on. Quotes are followed as the
    /// CSV reader reads them: one opens a quoted value only at a field's start.
    fn check_extent(&mut self, from: usize, mut line: u64) -> io::Result<()> {
        const LINE_TOO_LONG: &str =
            "has a line longer than 2 MB (is the file really a CSV export?)";
        const QUOTE_RUNS_ON: &str = "starts a quoted value that runs on for more than 8 MB (is a closing quote missing? is the file really a CSV export?)";
        let text = &self.out[from..];
        let mut e = self.extent;
        let mut refused = None;
        // Only quotes and line breaks change the state: jump between them (memchr), and
        // count the plain bytes in between as one run. This keeps the check a small share
        // of a million-row import.
        let mut plain_from = 0;
        for at in memchr::memchr2_iter(b'"', b'\n', text).chain(std::iter::once(text.len())) {
            let plain = at - plain_from;
            if plain > 0 {
                // Anything but a second quote ends a closing quote.
                if e.quote == Quote::Closing {
                    e.quote = Quote::Out;
                }
                e.field_start = e.quote == Quote::Out
                    && matches!(text[at - 1], b'\r' | b',' | b';' | b'\t' | b'|');
                e.line_bytes += plain;
                e.record_bytes += plain;
            }
            if e.line_bytes > MAX_LINE_BYTES {
                refused = Some((line, LINE_TOO_LONG));
                break;
            }
            if e.record_bytes > MAX_RECORD_BYTES {
                refused = Some((e.record_line, QUOTE_RUNS_ON));
                break;
            }
            let Some(&byte) = text.get(at) else {
                break;
            };
            plain_from = at + 1;
            e.quote = match (e.quote, byte) {
                (Quote::In, b'"') => Quote::Closing,
                (Quote::In, _) => Quote::In,
                (Quote::Closing, b'"') => Quote::In,
                (_, b'"') if e.field_start => Quote::In,
                _ => Quote::Out,
            };
            e.field_start = e.quote == Quote::Out && byte == b'\n';
            if byte == b'\n' {
                line += 1;
                e.line_bytes = 0;
                if e.quote == Quote::Out {
                    e.record_bytes = 0;
                    e.record_line = line;
                    continue;
                }
            } else {
                e.line_bytes += 1;
            }
            e.record_bytes += 1;
            if e.line_bytes > MAX_LINE_BYTES {
                refused = Some((line, LINE_TOO_LONG));
                break;
            }
            if e.record_bytes > MAX_RECORD_BYTES {
                refused = Some((e.record_line, QUOTE_RUNS_ON));
                break;
            }
        }
        self.extent = e;
        if let Some((line, message)) = refused {
            self.detected.0.1.set(Some(line));
            self.refused = Some(message);
            // Nothing more is handed on, so nothing more need be held.
            self.out = Vec::new();
            self.out_at = 0;
            self.pending = Vec::new();
            return Err(io::Error::new(io::ErrorKind::InvalidData, message));
        }
        Ok(())
    }

    fn decode_pending(&mut self) -> io::Result<()> {
        let before = self.out.len();
        match &mut self.mode {
            Mode::Start => return Ok(()),
            Mode::Decoder(decoder) => {
                let needed = decoder
                    .max_utf8_buffer_length(self.pending.len())
                    .unwrap_or(self.pending.len() * 3 + 16);
                let mut text = vec![0u8; needed];
                let (_, read, written, _) =
                    decoder.decode_to_utf8(&self.pending, &mut text, self.eof);
                self.out.extend_from_slice(&text[..written]);
                self.pending.drain(..read);
            }
            Mode::Utf8 { ascii_only } => {
                let valid = match std::str::from_utf8(&self.pending) {
                    Ok(_) => self.pending.len(),
                    Err(e) => match e.error_len() {
                        // A sequence split across reads: keep its start for the next read.
                        None if !self.eof => e.valid_up_to(),
                        _ => {
                            let at = e.valid_up_to();
                            let good = &self.pending[..at];
                            let was_ascii = *ascii_only && good.is_ascii();
                            self.out.extend_from_slice(good);
                            self.pending.drain(..at);
                            let from = before;
                            self.count_lines(from);
                            if was_ascii && self.forced.is_none() {
                                // Every byte so far reads the same in Windows-1252.
                                self.detected.set(TextEncoding::Windows1252);
                                self.mode = Mode::Decoder(Box::new(
                                    encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling(),
                                ));
                                return self.decode_pending();
                            }
                            self.detected.0.1.set(Some(self.lines));
                            return Err(io::Error::new(
                                io::ErrorKind::InvalidData,
                                format!(
                                    "is not valid {} text (byte 0x{:02X}); save it as UTF-8, or name its encoding with --encoding",
                                    if self.forced.is_some() {
                                        "UTF-8"
                                    } else {
                                        "UTF-8 or Windows-1252"
                                    },
                                    self.pending.first().copied().unwrap_or(0)
                                ),
                            ));
                        }
                    },
                };
                let chunk = &self.pending[..valid];
                if !chunk.is_ascii() {
                    *ascii_only = false;
                    if !self.certain
                        && self.detected.0.2.get().is_none()
                        && let Ok(text) = std::str::from_utf8(chunk)
                        && let Some(c) = text.chars().find(|c| could_be_windows_1252(*c))
                    {
                        self.detected.0.2.set(Some(c));
                    }
                }
                self.out.extend_from_slice(&self.pending[..valid]);
                self.pending.drain(..valid);
            }
        }
        self.count_lines(before);
        Ok(())
    }
}

const CHUNK: usize = 64 * 1024;

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(message) = self.refused {
            return Err(io::Error::new(io::ErrorKind::InvalidData, message));
        }
        loop {
            if self.out_at < self.out.len() {
                let n = buf.len().min(self.out.len() - self.out_at);
                buf[..n].copy_from_slice(&self.out[self.out_at..self.out_at + n]);
                self.out_at += n;
                if self.out_at == self.out.len() {
                    self.out.clear();
                    self.out_at = 0;
                }
                return Ok(n);
            }
            if self.eof && self.pending.is_empty() {
                return Ok(0);
            }
            if !self.eof {
                let start = self.pending.len();
                self.pending.resize(start + CHUNK, 0);
                let n = loop {
                    match self.inner.read(&mut self.pending[start..]) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => {
                            self.pending.truncate(start);
                            return Err(e);
                        }
                    }
                };
                self.pending.truncate(start + n);
                if n == 0 {
                    self.eof = true;
                }
            }
            if matches!(self.mode, Mode::Start) {
                self.choose();
            }
            let had = self.pending.len();
            self.convert()?;
            if self.eof && self.out.is_empty() && self.pending.len() == had && had > 0 {
                // Nothing more can be decoded (cannot happen with a decoder flushed at end).
                self.pending.clear();
            }
        }
    }
}

/// The field separator a header line uses: the most frequent of `,` `;` tab `|` outside
/// quotes, `,` when none appears.
pub fn sniff_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for byte in header {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|c| c == byte) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..counts.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// A delimiter as named on the command line: `,` `;` `|`, `tab` or `\t`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "comma" => Ok(b','),
        "semicolon" => Ok(b';'),
        "pipe" => Ok(b'|'),
        t if t.len() == 1 && t.is_ascii() && t != "\"" && t != "\n" && t != "\r" => {
            Ok(t.as_bytes()[0])
        }
        _ => Err(format!(
            "--delimiter {text}: use one character such as ; or |, or tab"
        )),
    }
}

/// The first line of `input` (up to and including its newline, quotes respected) and a
/// reader that yields the whole stream again, so the delimiter can be chosen before the CSV
/// reader starts. Reads at most `limit` bytes looking for the line's end.
pub fn peek_header<R: Read>(mut input: R, limit: usize) -> io::Result<(Vec<u8>, Replayed<R>)> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut quoted = false;
    let mut scanned = 0;
    let end = loop {
        let n = match input.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break head.len();
        }
        head.extend_from_slice(&chunk[..n]);
        let mut found = None;
        for (i, byte) in head.iter().enumerate().skip(scanned) {
            match byte {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    found = Some(i + 1);
                    break;
                }
                _ => {}
            }
        }
        scanned = head.len();
        if let Some(end) = found {
            break end;
        }
        if head.len() > limit {
            break head.len();
        }
    };
    let header = head[..end.min(head.len())].to_vec();
    Ok((header, io::Cursor::new(head).chain(input)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(
        bytes: &[u8],
        forced: Option<TextEncoding>,
    ) -> (io::Result<String>, Option<u64>, Option<TextEncoding>) {
        let mut reader = Decoded::new(bytes, forced);
        let detected = reader.detected();
        let mut out = Vec::new();
        // Small reads, so sequences split across buffers are exercised.
        let mut buf = [0u8; 3];
        let result = loop {
            match reader.read(&mut buf) {
                Ok(0) => break Ok(String::from_utf8(out).unwrap_or_default()),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => break Err(e),
            }
        };
        (result, detected.failed_line(), detected.get())
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let (text, _, enc) = decode("\u{feff}a,£\r\n".as_bytes(), None);
        assert_eq!(text.unwrap(), "a,£\r\n");
        assert_eq!(enc, Some(TextEncoding::Utf8));
        let (text, _, _) = decode("code,name\nX,Café – “q”\n".as_bytes(), None);
        assert_eq!(text.unwrap(), "code,name\nX,Café – “q”\n");
    }

    #[test]
    fn windows_1252_is_detected_after_ascii() {
        let bytes = b"Ref,Budget\r\nWP-1,\xA31.2m \x96 \x93quoted\x94\r\n";
        let (text, _, enc) = decode(bytes, None);
        assert_eq!(text.unwrap(), "Ref,Budget\r\nWP-1,£1.2m – “quoted”\r\n");
        assert_eq!(enc, Some(TextEncoding::Windows1252));
    }

    #[test]
    fn utf16_with_bom() {
        let text = "code;name\r\nX;£5\r\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&le, None).0.unwrap(), text);
        assert_eq!(decode(&le, None).2, Some(TextEncoding::Utf16Le));
        assert_eq!(decode(&be, None).0.unwrap(), text);
        assert_eq!(decode(&be, None).2, Some(TextEncoding::Utf16Be));
    }

    #[test]
    fn mixed_encodings_are_refused_naming_the_line() {
        let mut bytes = "a\nCafé\nthen ".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xA3\n");
        let (result, line, _) = decode(&bytes, None);
        let message = result.unwrap_err().to_string();
        assert!(
            message.starts_with("is not valid UTF-8 or Windows-1252"),
            "{message}"
        );
        assert_eq!(line, Some(3));
        let (forced, line, _) = decode(b"a\n\xA3\n", Some(TextEncoding::Utf8));
        assert!(forced.is_err());
        assert_eq!(line, Some(2));
        let (latin, _, _) = decode(b"a\n\xA3\n", Some(TextEncoding::Windows1252));
        assert_eq!(latin.unwrap(), "a\n£\n");
    }

    #[test]
    fn windows_1252_that_spells_utf8_is_read_as_utf8_and_said() {
        // é“£ in Windows-1252 is E9 93 A3: valid UTF-8 for 铣. Not guessed either way: said.
        let mut reader = Decoded::new(&b"code,name\nA,\xE9\x93\xA3\n"[..], None);
        let detected = reader.detected();
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(text, "code,name\nA,铣\n");
        assert_eq!(detected.lookalike(), Some('铣'));
        // Real UTF-8 punctuation and a BOM stay quiet.
        for bytes in ["a,“b” – €5™\n".as_bytes(), "\u{feff}a,铣\n".as_bytes()] {
            let mut reader = Decoded::new(bytes, None);
            let detected = reader.detected();
            reader.read_to_string(&mut String::new()).unwrap();
            assert_eq!(detected.lookalike(), None);
        }
    }

    #[test]
    fn a_nul_byte_is_not_text() {
        let (result, line, _) = decode(b"a,b\nc,d\x00e\nf\n", None);
        assert!(result.unwrap_err().to_string().contains("NUL"));
        assert_eq!(line, Some(2));
        // Found by the decode target: a NUL just before the switch to Windows-1252.
        let (result, line, _) = decode(b"\x00\x80", None);
        assert!(result.is_err());
        assert_eq!(line, Some(1));
    }

    #[test]
    fn an_endless_line_is_refused_as_it_streams() {
        let mut endless = io::repeat(b'a').take(1 << 30);
        let head = &b"code,name\n"[..];
        let mut reader = Decoded::new(io::Cursor::new(head).chain(&mut endless), None);
        let detected = reader.detected();
        let error = io::copy(&mut reader, &mut io::sink()).unwrap_err();
        assert!(
            error.to_string().contains("a line longer than 2 MB"),
            "{error}"
        );
        assert_eq!(detected.failed_line(), Some(2));
        assert!(reader.read(&mut [0u8; 16]).is_err(), "refused for good");
        drop(reader);
        let read = (1u64 << 30) - endless.limit();
        assert!(read < 3 * 1024 * 1024, "read {read} bytes before refusing");
    }

    #[test]
    fn a_quote_that_never_closes_is_refused_naming_its_line() {
        // Short lines, but all inside one quoted value.
        let mut endless = io::repeat(b'\n').take(1 << 30);
        let head = &b"code,name\nP-1,ok\nP-2,\"never closed"[..];
        let mut reader = Decoded::new(io::Cursor::new(head).chain(&mut endless), None);
        let detected = reader.detected();
        let error = io::copy(&mut reader, &mut io::sink()).unwrap_err();
        assert!(error.to_string().contains("quoted value"), "{error}");
        assert_eq!(detected.failed_line(), Some(3));
        drop(reader);
        let read = (1u64 << 30) - endless.limit();
        assert!(read < 10 * 1024 * 1024, "read {read} bytes before refusing");
    }

    #[test]
    fn long_files_of_short_records_pass_whatever_their_quotes() {
        // A stray quote inside an unquoted field is text to the CSV reader, so it opens
        // nothing here either; doubled quotes and line breaks inside quotes are one record.
        let mut text = String::from("code,name,note\n");
        let mut n = 0;
        while text.len() < MAX_RECORD_BYTES + MAX_LINE_BYTES {
            text.push_str(&format!(
                "P-{n},5\" floppy,\"said \"\"hi\"\"\nthen left\"\r\n"
            ));
            n += 1;
        }
        let mut reader = Decoded::new(text.as_bytes(), None);
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        assert_eq!(out.len(), text.len());
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a,b,c\n"), b',');
        assert_eq!(
            sniff_delimiter(b"Call number;Changed;\"Status, now\"\n"),
            b';'
        );
        assert_eq!(sniff_delimiter(b"a\tb\tc\r\n1,2\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b\n"), b'|');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert!(parse_delimiter(";;").is_err());
    }

    #[test]
    fn the_peeked_header_is_read_again() {
        let (header, mut rest) = peek_header("\"a\nb\",c\nx,y\n".as_bytes(), 1024).unwrap();
        assert_eq!(header, b"\"a\nb\",c\n");
        let mut all = String::new();
        rest.read_to_string(&mut all).unwrap();
        assert_eq!(all, "\"a\nb\",c\nx,y\n");
    }
}
